package lsp

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/berth-dev/berth/internal/warmheap"
)

// The server's garbage collector settings, unless GOGC or GOMEMLIMIT say
// otherwise. An edit of a big file allocates a few megabytes (the new
// document, its findings, their protocol form) while the open documents
// stay live: with Go's default (collect when the heap doubles) under the
// 28 MiB limit the server had before, the collector ran on nearly every
// keystroke of lspbench's 3,600-line file, and took about 40% of the
// server's CPU. Collecting when the heap has grown fivefold, up to a soft
// limit of 64 MiB, took its edit-to-diagnostics p50 from 10.4 to 4.3 ms
// and keystroke-to-diagnostics from 14.4 to 7.6 ms, for a peak RSS of
// 79 MB instead of 47 MB (the node server: 104 MB on the same file). A
// small workspace's heap stays a few megabytes, collected at five times
// that.
const (
	gcPercent   = 400
	memoryLimit = 64 << 20
	// hugeHeapBytes of the heap are on transparent huge pages
	// (warmheap.Huge): the heap a big file's edits cycle through between
	// collections. Eight rounds of lspbench on the 3,600-line file,
	// alternating: published diagnostics p50 5.3 to 4.8 ms, p90 12.1 to
	// 10.2 ms, the same peak RSS (70-78 MB).
	hugeHeapBytes = 64 << 20
)

// Main runs "berth lsp [--listen ADDR]": the language server over stdin
// and stdout, or, with --listen, over each connection accepted on ADDR
// (host:port, :port for loopback only, or unix:PATH for a socket) until
// SIGINT or SIGTERM. It returns the exit code: over stdin and stdout, 0
// when the client sent shutdown before exit and 1 otherwise.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer, opts Options) int {
	fs := flag.NewFlagSet("berth lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "", "serve on `ADDR` (host:port, :port for loopback only, or unix:PATH) instead of stdin and stdout; connections are not authenticated")
	logFile := fs.String("log", "", "write the server's log to `FILE` instead of stderr")
	verbose := fs.Bool("v", false, "log debug messages")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to `FILE` (for profiling the server)")
	maxMessage := fs.Int("max-message-size", DefaultMaxMessageSize, "read messages of at most `BYTES` (a bigger one is answered with an error and skipped)")
	fs.Bool("stdio", true, "serve on stdin and stdout (the default; accepted for editors that pass it)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: berth lsp [--listen ADDR] [--log FILE] [-v]\n\nRuns berth's language server on stdin and stdout, or on ADDR.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "berth lsp: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	logw := stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "berth lsp: %v\n", err)
			return 2
		}
		defer f.Close()
		logw = f
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: level}))
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "berth lsp: %v\n", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "berth lsp: %v\n", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// The limit is soft: a big workspace may pass it, and the
		// collector then runs as often as it must.
		debug.SetMemoryLimit(memoryLimit)
	}
	// The heap's first hugeHeapBytes on huge pages: between collections
	// an edit of a big file allocates fresh heap, a page fault a 4 KiB page.
	warmheap.Huge(hugeHeapBytes)
	opts.MaxMessageSize = *maxMessage
	ctx := context.Background()
	if *listen == "" {
		growPipes(stdin, stdout)
		return NewServer(opts).Serve(ctx, stdio{stdin, stdout})
	}
	// Listening ends on SIGINT or SIGTERM, removing a unix socket.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := listenOn(*listen, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "berth lsp: %v\n", err)
		return 2
	}
	opts.Log.Info("listening", "addr", ln.Addr().String())
	if err := serveListener(ctx, ln, opts); err != nil {
		fmt.Fprintf(stderr, "berth lsp: %v\n", err)
		return 2
	}
	return 0
}

// listenOn listens on addr: unix:PATH for a unix socket (replacing a
// stale one, never a live one), else host:port over TCP, on loopback when
// the host is left out (":PORT" or "PORT"). What is reachable, and that
// connections are not authenticated, is said on stderr.
func listenOn(addr string, stderr io.Writer) (net.Listener, error) {
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		return listenUnix(path)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		if _, perr := strconv.Atoi(addr); perr != nil {
			return nil, fmt.Errorf("--listen %s: %w", addr, err)
		}
		host, port = "", addr
	}
	if host == "" {
		host = "127.0.0.1"
		fmt.Fprintf(stderr, "berth lsp: listening on loopback only (127.0.0.1:%s); give a host, as in 0.0.0.0:%s, to accept other machines\n", port, port)
	} else if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "berth lsp: warning: listening on %s, which other machines may reach: connections are not authenticated\n", net.JoinHostPort(host, port))
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("listening: %w", err)
	}
	return ln, nil
}

// listenUnix listens on a unix socket at path. A socket file left by a
// server that is gone (a connection to it is refused) is replaced; one a
// server answers on is not.
func listenUnix(path string) (net.Listener, error) {
	ln, err := net.Listen("unix", path)
	if err == nil || !errors.Is(err, syscall.EADDRINUSE) {
		if err != nil {
			return nil, fmt.Errorf("listening: %w", err)
		}
		return ln, nil
	}
	fi, serr := os.Lstat(path)
	if serr != nil || fi.Mode().Type() != os.ModeSocket {
		return nil, fmt.Errorf("listening: %w", err)
	}
	c, derr := net.DialTimeout("unix", path, time.Second)
	if derr == nil {
		c.Close()
		return nil, fmt.Errorf("listening on %s: another server is listening there", path)
	}
	if !errors.Is(derr, syscall.ECONNREFUSED) {
		return nil, fmt.Errorf("listening: %w (and the socket does not answer: %v)", err, derr)
	}
	if err := os.Remove(path); err != nil {
		return nil, fmt.Errorf("removing the stale socket %s: %w", path, err)
	}
	ln, err = net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listening: %w", err)
	}
	return ln, nil
}

// Backoff after a failed Accept (as net/http does).
const (
	minAcceptBackoff = 5 * time.Millisecond
	maxAcceptBackoff = time.Second
)

// serveListener serves each connection accepted on ln, each with its own
// server, until ctx is done; then it closes ln (which removes a unix
// socket). A failed Accept (too many open files, an aborted connection)
// is retried after a pause, never the end of every session.
func serveListener(ctx context.Context, ln net.Listener, opts Options) error {
	stopped := context.AfterFunc(ctx, func() { ln.Close() })
	defer stopped()
	defer ln.Close()
	var backoff time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, net.ErrClosed) {
				return fmt.Errorf("accepting: %w", err)
			}
			backoff = min(max(2*backoff, minAcceptBackoff), maxAcceptBackoff)
			opts.Log.Warn("accepting a connection failed; retrying", "err", err, "in", backoff)
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return nil
			}
			continue
		}
		backoff = 0
		go func() {
			defer c.Close()
			NewServer(opts).Serve(ctx, c)
		}()
	}
}

// stdio joins stdin and stdout into one connection.
type stdio struct {
	io.Reader
	io.Writer
}

func (s stdio) Close() error {
	var errs []error
	if c, ok := s.Reader.(io.Closer); ok {
		errs = append(errs, c.Close())
	}
	if c, ok := s.Writer.(io.Closer); ok {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}
