package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// handle is the connection's handler. It runs on the connection's read
// loop: notifications are handled there, in order, and must not block;
// requests are released to run concurrently, each with a context that
// $/cancelRequest cancels. A panic in a handler becomes an error reply (or
// a log line for a notification), never a dead server.
func (s *Server) handle(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	method := req.Method()
	if method == protocol.MethodCancelRequest {
		s.cancelRequest(req.Params())
		return nil, nil
	}
	if !req.IsCall() {
		s.notify(ctx, req)
		return nil, nil // a notification's error would end the connection
	}
	if method == protocol.MethodInitialize {
		// initialize is answered on the read loop, before the next
		// message is read: a request sent right behind it (a client
		// that does not wait for the answer, a shutdown piped in) finds
		// the server initialized, not refused as "not initialized". Its
		// context is not the request's, which the connection reuses once
		// a request handled in place returns.
		return s.call(context.Background(), req)
	}
	id := req.ID()
	rctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.inflight[id] = cancel
	s.mu.Unlock()
	jsonrpc2.Async(ctx)
	defer func() {
		s.mu.Lock()
		delete(s.inflight, id)
		s.mu.Unlock()
		cancel()
	}()
	return s.call(rctx, req)
}

// call handles one request.
func (s *Server) call(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
	method := req.Method()
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic in handler", "method", method, "panic", p, "stack", string(debug.Stack()))
			result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "berth: internal error in %s: %v (please report this bug)", method, p)
		}
	}()
	switch st := state(s.state.Load()); {
	case st == stateNew && method != protocol.MethodInitialize:
		return nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "berth: the server is not initialized")
	case st != stateNew && method == protocol.MethodInitialize:
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "berth: initialize was already received")
	case st == stateShutdown:
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "berth: the server is shutting down")
	}
	result, err = s.dispatch(ctx, req)
	if err == nil {
		return result, nil
	}
	if ctx.Err() != nil {
		return nil, protocol.ErrRequestCancelled
	}
	var rpcErr *jsonrpc2.Error
	if errors.As(err, &rpcErr) {
		if rpcErr.Code == jsonrpc2.ParseError {
			// The envelope was fine; its params were not.
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "berth: %s: invalid params: %v", method, err)
		}
		if rpcErr.Code == jsonrpc2.MethodNotFound {
			return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "berth: method not found: %s", method)
		}
		return nil, err
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "berth: %s: %v", method, err)
}

// notify handles one notification, in order, on the read loop.
func (s *Server) notify(ctx context.Context, req *jsonrpc2.Request) {
	method := req.Method()
	s.handleNotification(method, func() error {
		if method == protocol.MethodTextDocumentDidChange {
			// The message of every keystroke, with the whole file in it
			// under whole-text synchronisation: read directly when it
			// has the usual shape.
			if p, ok := decodeDidChange(req.Params()); ok {
				return s.DidChange(ctx, p)
			}
		}
		_, err := s.dispatch(ctx, req)
		return err
	})
}

// handleNotification runs handle for a notification of method: a panic
// is logged, not raised, a notification before initialize (but exit) is
// dropped, and an error is logged (a notification has no answer).
func (s *Server) handleNotification(method string, handle func() error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic in notification handler", "method", method, "panic", p, "stack", string(debug.Stack()))
		}
	}()
	if state(s.state.Load()) == stateNew && method != protocol.MethodExit {
		s.log.Warn("notification before initialize dropped", "method", method)
		return
	}
	if err := handle(); err != nil {
		s.log.Warn("notification failed", "method", method, "err", err)
	}
}

// decodeDidChangeFrame decodes a frame that is a didChange notification in
// its usual form (see directDidChange); false for any other.
func decodeDidChangeFrame(frame []byte) (*protocol.DidChangeTextDocumentParams, bool) {
	if len(frame) <= len(didChangePrefix) || frame[len(frame)-1] != '}' || !bytes.HasPrefix(frame, []byte(didChangePrefix)) {
		return nil, false
	}
	return decodeDidChange(frame[len(didChangePrefix) : len(frame)-1])
}

// didChangePrefix is how a didChange notification starts as editors
// (and jsonrpc2 connections) write it.
const didChangePrefix = `{"jsonrpc":"2.0","method":"` + protocol.MethodTextDocumentDidChange + `","params":`

// directDidChange handles a frame that is a didChange notification in its
// usual form, the envelope's members in the usual order with nothing
// between them, and parameters decodeDidChange reads, and reports whether
// it did. Such a frame is valid JSON that the connection would decode as
// that notification, with those parameters, and hand to notify on its
// read loop, where this runs too, in the same order: handled here, the
// frame skips two scans of the whole text (invalidFrame's, then the
// connection's), 0.2 ms of each whole-text edit of a 90 KB file. Any
// other frame goes the usual way.
func (s *Server) directDidChange(ctx context.Context, frame []byte) bool {
	p, ok := decodeDidChangeFrame(frame)
	if !ok {
		return false
	}
	s.handleNotification(protocol.MethodTextDocumentDidChange, func() error { return s.DidChange(ctx, p) })
	return true
}

// cancelRequest cancels the context of an in-flight request.
func (s *Server) cancelRequest(params []byte) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(params, &p); err != nil {
		s.log.Warn("bad $/cancelRequest", "err", err)
		return
	}
	var id jsonrpc2.ID
	var n int64
	var str string
	switch {
	case json.Unmarshal(p.ID, &n) == nil:
		id = jsonrpc2.NewNumberID(n)
	case json.Unmarshal(p.ID, &str) == nil:
		id = jsonrpc2.NewStringID(str)
	default:
		s.log.Warn("bad $/cancelRequest id", "id", string(p.ID))
		return
	}
	s.mu.Lock()
	cancel := s.inflight[id]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// Request answers the methods the protocol package does not know.
func (s *Server) Request(ctx context.Context, method string, params any) (any, error) {
	return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "berth: method not found: %s", method)
}

// tolerantStream keeps the connection alive across malformed messages: a
// frame that is not valid JSON-RPC is logged, answered with a parse error
// and skipped, and a garbled header is skipped up to the next one. (The
// jsonrpc2 connection would otherwise end on the first bad frame.)
type tolerantStream struct {
	jsonrpc2.Stream
	log interface {
		Warn(msg string, args ...any)
	}
	// direct, when set, handles a frame itself, in place of the
	// connection, and reports whether it did (Server.directDidChange).
	direct func(ctx context.Context, frame []byte) bool
}

type frameReader interface {
	ReadFrame(ctx context.Context) ([]byte, int64, error)
	WriteFrame(ctx context.Context, data []byte) (int64, error)
}

// ReadFrame returns the next well-formed frame.
func (t *tolerantStream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	fr, ok := t.Stream.(frameReader)
	if !ok {
		return nil, 0, errors.New("berth: stream does not read frames")
	}
	for {
		frame, n, err := fr.ReadFrame(ctx)
		if errors.Is(err, jsonrpc2.ErrInvalidHeader) {
			t.log.Warn("malformed message header skipped", "err", err)
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		if t.direct != nil && t.direct(ctx, frame) {
			continue
		}
		if bad := invalidFrame(frame); bad != nil {
			t.log.Warn("malformed message skipped", "err", bad, "message", truncate(frame, 200))
			resp := jsonrpc2.NewResponse(jsonrpc2.ID{}, nil, jsonrpc2.Errorf(jsonrpc2.ParseError, "berth: malformed message: %v", bad))
			if _, err := t.Stream.Write(ctx, resp); err != nil {
				return nil, 0, err
			}
			continue
		}
		return frame, n, nil
	}
}

// WriteFrame writes an encoded frame.
func (t *tolerantStream) WriteFrame(ctx context.Context, data []byte) (int64, error) {
	fr, ok := t.Stream.(frameReader)
	if !ok {
		return 0, errors.New("berth: stream does not write frames")
	}
	return fr.WriteFrame(ctx, data)
}

// invalidFrame reports why frame would end the connection, or nil.
func invalidFrame(frame []byte) error {
	for _, c := range frame {
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			continue
		}
		if c == '[' {
			if !json.Valid(frame) {
				return errors.New("invalid JSON in batch")
			}
			return nil
		}
		break
	}
	_, err := jsonrpc2.DecodeMessage(frame)
	return err
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return fmt.Sprintf("%s... (%d bytes)", b[:n], len(b))
	}
	return string(b)
}
