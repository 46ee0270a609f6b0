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
	"runtime/debug"
	"runtime/pprof"
	"strings"
)

// memoryLimit is the server's soft memory limit (see runtime/debug).
const memoryLimit = 28 << 20

// Main runs "berth lsp [--listen ADDR]": the language server over stdin
// and stdout, or, with --listen, over each connection accepted on ADDR
// (host:port, or unix:PATH for a socket). It returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer, opts Options) int {
	fs := flag.NewFlagSet("berth lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "", "serve on `ADDR` (host:port or unix:PATH) instead of stdin and stdout")
	logFile := fs.String("log", "", "write the server's log to `FILE` instead of stderr")
	verbose := fs.Bool("v", false, "log debug messages")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to `FILE` (for profiling the server)")
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
	if os.Getenv("GOMEMLIMIT") == "" {
		// Collect sooner rather than let the heap double: an editor's
		// helper should stay small. The limit is soft: a big workspace
		// may pass it.
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx := context.Background()
	if *listen == "" {
		return NewServer(opts).Serve(ctx, stdio{stdin, stdout})
	}
	network, addr := "tcp", *listen
	if p, ok := strings.CutPrefix(addr, "unix:"); ok {
		network, addr = "unix", p
	}
	ln, err := net.Listen(network, addr)
	if err != nil {
		fmt.Fprintf(stderr, "berth lsp: %v\n", err)
		return 2
	}
	defer ln.Close()
	opts.Log.Info("listening", "addr", ln.Addr().String())
	for {
		c, err := ln.Accept()
		if err != nil {
			fmt.Fprintf(stderr, "berth lsp: %v\n", err)
			return 2
		}
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
