package rules

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR017 runs ShellCheck on the shell scripts of RUN instructions and
// reports its findings under their SC codes, at their place in the RUN.
var BR017 = &lint.Rule{
	Code:     "BR017",
	Name:     "shellcheck",
	Title:    "Fix the problems ShellCheck finds in RUN scripts",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Check:    checkShellCheck,
}

// scExcluded are the SC codes never reported: following `source` needs
// the files of the image.
const scExcluded = "SC1090,SC1091"

// scMaxScript is the largest script given to ShellCheck, which gets slow
// on huge inputs; a larger one is skipped with a note.
const scMaxScript = 64 << 10

// scMaxDepth is the deepest nesting of brackets in a script given to
// ShellCheck: its parser takes time and memory exponential in the depth
// of $((((...)))) (800 levels: 6 s and 500 MB; 1,500: past 1 GiB), where
// real scripts stay below ten.
const scMaxDepth = 100

// scMemLimit caps the address space of a shellcheck process (through
// prlimit, or the shell's ulimit -v), so that a hostile script ends it
// with "out of memory" instead of taking the machine's memory.
const scMemLimit = 2 << 30

// scBatch is the most scripts given to one shellcheck process.
const scBatch = 200

// scTimeout bounds one shellcheck process (a batch of up to scBatch
// scripts).
const scTimeout = 30 * time.Second

// scSlots bounds the shellcheck processes running at once, for all the
// documents being linted: ShellCheck uses a CPU for each.
var scSlots = make(chan struct{}, runtime.NumCPU())

// scFind locates the shellcheck program; tests replace it.
var scFind = scLookPath

// scFound is the last answer of scLookPath and the PATH it was found in.
var scFound struct {
	sync.Mutex
	path, bin string
	err       error
	ok        bool
}

// scLookPath locates shellcheck on PATH, looking again only when PATH
// changed (a test's fake shellcheck, an editor's environment).
func scLookPath() (string, error) {
	path := os.Getenv("PATH")
	scFound.Lock()
	defer scFound.Unlock()
	if !scFound.ok || scFound.path != path {
		scFound.bin, scFound.err = exec.LookPath("shellcheck")
		scFound.path, scFound.ok = path, true
	}
	return scFound.bin, scFound.err
}

// scLimiter locates prlimit, which caps the shellcheck process's memory;
// "" when there is none (then sh's ulimit -v does).
var scLimiter = sync.OnceValue(func() string {
	p, _ := exec.LookPath("prlimit")
	return p
})

// scCommand returns the command that runs bin with args under the memory
// cap: prlimit --as=N -- bin args, or sh -c 'ulimit -v N; exec "$0" "$@"'
// bin args; bin alone where neither exists (Windows).
func scCommand(ctx context.Context, bin string, args []string) *exec.Cmd {
	if pl := scLimiter(); pl != "" {
		return exec.CommandContext(ctx, pl, append([]string{"--as=" + strconv.Itoa(scMemLimit), "--", bin}, args...)...)
	}
	if sh, err := exec.LookPath("sh"); err == nil && runtime.GOOS != "windows" {
		script := "ulimit -v " + strconv.Itoa(scMemLimit>>10) + " 2>/dev/null; exec \"$0\" \"$@\""
		return exec.CommandContext(ctx, sh, append([]string{"-c", script, bin}, args...)...)
	}
	return exec.CommandContext(ctx, bin, args...)
}

// scJob is one script to check: the text of a RUN (or its heredoc body)
// with the variable declarations appended.
type scJob struct {
	run     runScript
	dialect string
	text    string // what ShellCheck reads
	lines   int    // lines of the script itself, before the declarations
	key     string
	result  *scResult
	// done is closed when result is in (jobs queued in scQueue).
	done chan struct{}
	// waiters counts the lints waiting for the job's result (guarded by
	// scQueue.mu): a job none waits for any more is dropped before it
	// runs.
	waiters int
}

// scResult is what ShellCheck said about one script.
type scResult struct {
	comments []scComment
	err      error
}

// scComment is one finding in ShellCheck's json1 format.
type scComment struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	EndLine   int    `json:"endLine"`
	Column    int    `json:"column"`
	EndColumn int    `json:"endColumn"`
	Level     string `json:"level"`
	Code      int    `json:"code"`
	Message   string `json:"message"`
	Fix       *struct {
		Replacements []scReplacement `json:"replacements"`
	} `json:"fix"`
}

type scReplacement struct {
	Line        int    `json:"line"`
	EndLine     int    `json:"endLine"`
	Column      int    `json:"column"`
	EndColumn   int    `json:"endColumn"`
	Replacement string `json:"replacement"`
}

// scCache keeps ShellCheck's results by dialect and text, so that an
// editor re-linting a file only checks the RUNs that changed.
var scCache = struct {
	sync.Mutex
	m map[string]*scResult
}{m: map[string]*scResult{}}

const scCacheMax = 20000

func checkShellCheck(p *lint.Pass) {
	if p.Config != nil && p.Config.ShellCheck != nil && !*p.Config.ShellCheck {
		return
	}
	var jobs []*scJob
	var skipped []lint.Diagnostic
	eachRunScript(p, true, func(r runScript) {
		if why := scSkip(r.Script.Src); why != "" {
			skipped = append(skipped, lint.Diagnostic{
				Range:    r.Ins.Keyword.Range,
				Severity: lint.Info,
				Message:  "ShellCheck skipped this script: " + why,
			})
			return
		}
		if j := scNewJob(p.Doc, r); j != nil {
			jobs = append(jobs, j)
		}
	})
	if len(jobs) == 0 && len(skipped) == 0 {
		return
	}
	bin, err := scFind()
	if err == nil {
		for _, d := range skipped {
			p.Report(d)
		}
		if len(jobs) == 0 {
			return
		}
	} else if len(jobs) == 0 {
		return
	}
	df := p.Doc.Deferred()
	if err != nil {
		switch {
		case p.Config != nil && p.Config.ShellCheck != nil:
			// Asked for explicitly: say why nothing is checked.
			p.Report(lint.Diagnostic{
				Range:   jobs[0].run.Ins.Keyword.Range,
				Message: "ShellCheck is turned on but the shellcheck program is not on PATH: install it (Debian and Ubuntu package shellcheck) or turn ShellCheck off",
			})
		case df != nil:
			df.Unavailable("shellcheck") // the editor says it once
		}
		return
	}
	if df != nil {
		scDeferJobs(bin, jobs, df)
	} else {
		scRunJobs(bin, jobs)
	}
	failed := false
	for _, j := range jobs {
		if j.result == nil {
			continue // deferred: reported by the next lint
		}
		if j.result.err != nil {
			if !failed {
				failed = true
				p.Report(lint.Diagnostic{Range: j.run.Ins.Keyword.Range, Message: "shellcheck failed: " + j.result.err.Error()})
			}
			continue
		}
		for i := range j.result.comments {
			scReport(p, j, &j.result.comments[i])
		}
	}
}

// scSkip says why a script is not given to ShellCheck, which would take
// too long or too much memory on it, or returns "".
func scSkip(src string) string {
	if len(src) > scMaxScript {
		return fmt.Sprintf("it is %d bytes, over the %d-byte limit", len(src), scMaxScript)
	}
	depth, deepest := 0, 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '(', '[', '{':
			depth++
			deepest = max(deepest, depth)
		case ')', ']', '}':
			depth = max(depth-1, 0)
		}
	}
	if deepest > scMaxDepth {
		return fmt.Sprintf("its brackets nest %d deep, over the limit of %d", deepest, scMaxDepth)
	}
	return ""
}

// scNewJob prepares the script of a RUN for ShellCheck, or returns nil
// when there is nothing ShellCheck can check: a zsh SHELL, a heredoc
// that runs another interpreter (#!/usr/bin/env python), a huge script.
func scNewJob(doc *lint.Document, r runScript) *scJob {
	src := r.Script.Src
	if len(src) > scMaxScript || strings.TrimSpace(src) == "" {
		return nil
	}
	dialect, ok := scDialect(doc.ShellOf(r.Ins))
	if strings.HasPrefix(src, "#!") {
		line, _, _ := strings.Cut(src, "\n")
		dialect, ok = scDialect(strings.Fields(line[2:]))
	}
	if !ok {
		return nil
	}
	var b strings.Builder
	b.Grow(len(src) + 256)
	// CR before LF (a CRLF file) would be an error for the shell but not
	// for the builder: blank it without moving any offset.
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			c = ' '
		}
		b.WriteByte(c)
	}
	lines := strings.Count(src, "\n") + 1
	if !strings.HasSuffix(src, "\n") {
		b.WriteByte('\n')
	} else {
		lines--
	}
	// Declare the build's variables after the script: ShellCheck's
	// "referenced but not assigned" looks at the whole file, and lines
	// are left where they are.
	b.WriteString("export")
	for _, n := range scVarNames(doc, r.Ins) {
		b.WriteString(" " + n + "=1")
	}
	b.WriteByte('\n')
	text := b.String()
	return &scJob{run: r, dialect: dialect, text: text, lines: lines, key: dialect + "\x00" + text}
}

// scDialect returns ShellCheck's name for the shell of argv (a SHELL
// instruction, or a shebang split in words): sh for Docker's default
// /bin/sh. ok is false for shells ShellCheck does not know (zsh, fish,
// PowerShell, interpreters).
func scDialect(argv []string) (string, bool) {
	if len(argv) == 0 {
		return "sh", true
	}
	name := shellBase(argv[0])
	if name == "env" {
		for _, a := range argv[1:] {
			if !strings.HasPrefix(a, "-") {
				name = shellBase(a)
				break
			}
		}
	}
	switch name {
	case "sh", "posh", "yash":
		return "sh", true
	case "dash", "ash", "busybox":
		return "dash", true
	case "bash":
		return "bash", true
	case "ksh", "ksh93", "mksh", "lksh", "pdksh", "oksh":
		return "ksh", true
	}
	return "", false
}

func shellBase(p string) string {
	p = p[strings.LastIndexAny(p, `/\`)+1:]
	return strings.TrimSuffix(strings.ToLower(p), ".exe")
}

// scProxyVars are the proxy variables the builder passes to every RUN.
var scProxyVars = []string{"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
	"NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"}

// scVarNames returns the names of the variables set for the RUN at ins:
// the proxy variables, the ARG and ENV of its stage before it and the ENV
// of the stages it is built from.
func scVarNames(doc *lint.Document, ins *syntax.Instruction) []string {
	names := append([]string(nil), scProxyVars...)
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] && scIdent(n) {
			seen[n] = true
			names = append(names, n)
		}
	}
	first := true
	for st := doc.StageOf(ins); st != nil; st = st.BaseStage {
		for _, in := range st.Instructions {
			if first && in.Range.Start >= ins.Range.Start {
				break
			}
			if in.Cmd == "env" || in.Cmd == "arg" && first {
				for _, kv := range in.Pairs {
					add(kv.Key.Value)
				}
			}
		}
		if st.BaseStage != nil && st.BaseStage.Index >= st.Index {
			break
		}
		first = false
	}
	return names
}

func scIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// scRunJobs fills in the result of every job: from the cache, from a
// batch already running the same script for another document, or from a
// batch of the queue (see scQueue).
func scRunJobs(bin string, jobs []*scJob) {
	byKey := map[string][]*scJob{}
	var waits []*scJob // the job standing for each key not in the cache
	scCache.Lock()
	for _, j := range jobs {
		if res, ok := scCache.m[j.key]; ok {
			j.result = res
			continue
		}
		if byKey[j.key] == nil {
			waits = append(waits, j)
		}
		byKey[j.key] = append(byKey[j.key], j)
	}
	scCache.Unlock()
	if len(waits) == 0 {
		return
	}
	ready := scQueue.submit(bin, waits)
	for i, j := range waits {
		<-ready[i].done
		for _, same := range byKey[j.key] {
			same.result = ready[i].result
		}
	}
}

// scKept is the key under which a lint.Deferred keeps the result of a
// script (by its job key) for the lint that follows.
type scKept string

// scDeferJobs fills in the results that are ready without waiting: from
// the cache, or kept by the deferred work of the lint before (df). The
// other scripts go to the queue at once and df records the wait for them;
// their jobs are left without a result, for the next lint of the text.
// When the driver gives up the wait (an edit made the text stale), the
// scripts that no one else waits for and that have not started are
// dropped.
func scDeferJobs(bin string, jobs []*scJob, df *lint.Deferred) {
	seen := map[string]bool{}
	var waits []*scJob
	scCache.Lock()
	for _, j := range jobs {
		if res, ok := scCache.m[j.key]; ok {
			j.result = res
			continue
		}
		if v, ok := df.Load(scKept(j.key)); ok {
			j.result = v.(*scResult)
			continue
		}
		if !seen[j.key] {
			seen[j.key] = true
			// A copy: the lint that submits must not see the result.
			waits = append(waits, &scJob{dialect: j.dialect, text: j.text, key: j.key})
		}
	}
	scCache.Unlock()
	if len(waits) == 0 {
		return
	}
	ready := scQueue.submit(bin, waits)
	df.Add(func(ctx context.Context) error {
		for i, r := range ready {
			select {
			case <-r.done:
				df.Keep(scKept(waits[i].key), r.result)
			case <-ctx.Done():
				scQueue.release(ready[i:])
				return ctx.Err()
			}
		}
		return nil
	})
}

// scQueue gathers the scripts of every document being linted into
// batches: many scripts per shellcheck process (up to scBatch, each in a
// file of its own so that lines map back) and at most one process per
// CPU (scSlots). A script already queued or running for one document is
// not checked again for another: both wait for the same result.
var scQueue = &scBatcher{pending: map[string][]*scJob{}, inflight: map[string]*scJob{}}

// scBatcher is the queue's type.
type scBatcher struct {
	mu       sync.Mutex
	pending  map[string][]*scJob // by dialect: queued, not yet running
	inflight map[string]*scJob   // by key: queued or running
	armed    bool                // a linger timer will flush pending
	linger   time.Duration
	quiet    time.Duration // flush once nothing was queued for this long
	last     time.Time     // when a script was last queued
}

// afterQuiet flushes the queue once no script has been queued for the
// quiet time, checking again after d.
func (q *scBatcher) afterQuiet(bin string, d time.Duration) {
	time.AfterFunc(d, func() {
		q.mu.Lock()
		defer q.mu.Unlock()
		if wait := q.quiet - time.Since(q.last); wait > 0 {
			q.afterQuiet(bin, wait)
			return
		}
		q.armed = false
		for dialect := range q.pending {
			q.flushLocked(bin, dialect)
		}
	})
}

// SetShellCheckQuiet makes queued scripts wait until no script has been
// queued for d before ShellCheck checks them (0, the default: see
// SetShellCheckLinger). An editor wants it: each keystroke in a RUN line
// queues a new script, and the next keystroke drops the one before (see
// lint.Deferred) as long as it has not started.
func SetShellCheckQuiet(d time.Duration) {
	scQueue.mu.Lock()
	scQueue.quiet = d
	scQueue.mu.Unlock()
}

// SetShellCheckLinger sets how long a script may wait in the queue for
// others to join its batch (0, the default, runs it at once, as an editor
// wants; the CLI linting many files waits a little so that one process
// checks the scripts of many files).
func SetShellCheckLinger(d time.Duration) {
	scQueue.mu.Lock()
	scQueue.linger = d
	scQueue.mu.Unlock()
}

// submit queues jobs (of distinct keys, none in the cache) and returns,
// for each, the job whose done channel closes when its result is in.
func (q *scBatcher) submit(bin string, jobs []*scJob) []*scJob {
	out := make([]*scJob, len(jobs))
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, j := range jobs {
		if other := q.inflight[j.key]; other != nil {
			other.waiters++
			out[i] = other
			continue
		}
		j.done = make(chan struct{})
		j.waiters = 1
		q.inflight[j.key] = j
		q.pending[j.dialect] = append(q.pending[j.dialect], j)
		out[i] = j
		if len(q.pending[j.dialect]) >= scBatch {
			q.flushLocked(bin, j.dialect)
		}
	}
	switch {
	case q.quiet > 0 && len(q.pending) > 0:
		q.last = time.Now()
		if !q.armed {
			q.armed = true
			q.afterQuiet(bin, q.quiet)
		}
	case q.linger <= 0:
		for dialect := range q.pending {
			q.flushLocked(bin, dialect)
		}
	case len(q.pending) > 0 && !q.armed:
		q.armed = true
		time.AfterFunc(q.linger, func() {
			q.mu.Lock()
			defer q.mu.Unlock()
			q.armed = false
			for dialect := range q.pending {
				q.flushLocked(bin, dialect)
			}
		})
	}
	return out
}

// flushLocked starts a batch of the dialect's pending scripts; q.mu is
// held.
func (q *scBatcher) flushLocked(bin, dialect string) {
	batch := q.pending[dialect]
	delete(q.pending, dialect)
	if len(batch) == 0 {
		return
	}
	go func() {
		scSlots <- struct{}{}
		if batch = q.live(batch); len(batch) > 0 {
			scRunBatch(bin, dialect, batch)
		}
		<-scSlots
		scCache.Lock()
		if len(scCache.m) > scCacheMax {
			clear(scCache.m)
		}
		for _, j := range batch {
			if j.result.err == nil {
				scCache.m[j.key] = j.result
			}
		}
		scCache.Unlock()
		q.mu.Lock()
		for _, j := range batch {
			delete(q.inflight, j.key)
		}
		q.mu.Unlock()
		for _, j := range batch {
			close(j.done)
		}
	}()
}

// errSCDropped is the result of a script dropped from the queue because
// no lint waited for it any more; it is never cached.
var errSCDropped = errors.New("dropped: the text changed")

// release gives up waiting for jobs (returned by submit).
func (q *scBatcher) release(jobs []*scJob) {
	q.mu.Lock()
	for _, j := range jobs {
		j.waiters--
	}
	q.mu.Unlock()
}

// live returns the jobs of a batch about to run that some lint still
// waits for; the others are done at once, with errSCDropped.
func (q *scBatcher) live(batch []*scJob) []*scJob {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := batch[:0:0]
	for _, j := range batch {
		if j.waiters > 0 {
			out = append(out, j)
			continue
		}
		j.result = &scResult{err: errSCDropped}
		delete(q.inflight, j.key)
		close(j.done)
	}
	return out
}

// scRunBatch checks the scripts of jobs (all of one dialect) with one
// shellcheck process, each script in a file of its own.
func scRunBatch(bin, dialect string, jobs []*scJob) {
	fail := func(err error) {
		for _, j := range jobs {
			j.result = &scResult{err: err}
		}
	}
	dir, err := os.MkdirTemp("", "berth-shellcheck-")
	if err != nil {
		fail(err)
		return
	}
	defer os.RemoveAll(dir)
	args := []string{"--norc", "--format=json1", "--shell=" + dialect, "--exclude=" + scExcluded, "--"}
	byFile := make(map[string]*scJob, len(jobs))
	for i, j := range jobs {
		name := filepath.Join(dir, strconv.Itoa(i)+".sh")
		if err := os.WriteFile(name, []byte(j.text), 0o600); err != nil {
			fail(err)
			return
		}
		args = append(args, name)
		byFile[name] = j
		j.result = &scResult{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), scTimeout)
	defer cancel()
	cmd := scCommand(ctx, bin, args)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var out struct {
		Comments []scComment `json:"comments"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		// Exit status 1 only means findings; anything else without JSON
		// is a failure (an old shellcheck without json1, a crash).
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		switch {
		case msg != "":
			fail(errors.New(msg))
		case runErr != nil:
			fail(runErr)
		default:
			fail(fmt.Errorf("reading its output: %w", err))
		}
		return
	}
	for _, c := range out.Comments {
		if j := byFile[c.File]; j != nil {
			j.result.comments = append(j.result.comments, c)
		}
	}
}

// scReport reports one ShellCheck finding of job j, unless the
// configuration turns its code off.
func scReport(p *lint.Pass, j *scJob, c *scComment) {
	if c.Line < 1 || c.Line > j.lines {
		return // on the declarations appended to the script
	}
	code := "SC" + strconv.Itoa(c.Code)
	sev, ok := scSeverity(p, code, c.Level)
	if !ok {
		return
	}
	src := j.run.Script.Src
	starts := scLineStarts(src)
	start := scOffset(src, starts, c.Line, c.Column)
	end := scOffset(src, starts, c.EndLine, c.EndColumn)
	if end < start {
		end = start
	}
	rng := j.run.Script.SrcRange(shell.Range{Start: start, End: end})
	if c.Code == 2291 && bytes.IndexByte(p.Doc.File.Src[rng.Start:rng.End], '\n') >= 0 {
		// "Quote repeated spaces": the spaces are the indentation of a
		// continuation line, which the builder keeps when it joins lines.
		return
	}
	if rng.End == rng.Start && rng.End < len(p.Doc.File.Src) && p.Doc.File.Src[rng.End] != '\n' {
		_, size := utf8.DecodeRune(p.Doc.File.Src[rng.End:])
		rng.End += size // an empty range is hard to see in an editor
	}
	d := lint.Diagnostic{Code: code, Severity: sev, Range: rng, Message: scMessage(c.Message)}
	if c.Fix != nil && len(c.Fix.Replacements) > 0 {
		if edits, ok := scEdits(p, j, starts, c.Fix.Replacements); ok {
			d.Fixes = []lint.Fix{{Title: "Apply ShellCheck's suggestion", Edits: edits}}
		}
	}
	p.Report(d)
}

// scSeverity returns the severity of a finding: ShellCheck's level, or
// what the configuration sets for BR017 as a whole or for the SC code;
// ok is false when the configuration ignores the code.
func scSeverity(p *lint.Pass, code, level string) (lint.Severity, bool) {
	sev, err := lint.ParseSeverity(level)
	if err != nil || sev == lint.Off {
		sev = lint.Warning
	}
	cfg := p.Config
	if cfg == nil {
		return sev, true
	}
	for name, s := range cfg.Severity {
		if p.Rule.Matches(name) {
			sev = s
		}
	}
	for name, s := range cfg.Severity {
		if strings.EqualFold(name, code) {
			sev = s
		}
	}
	for _, n := range cfg.Ignore {
		if strings.EqualFold(strings.TrimSpace(n), code) {
			return lint.Off, false
		}
	}
	return sev, sev != lint.Off
}

// scLineStarts returns the offset of the start of each line of s.
func scLineStarts(s string) []int {
	starts := []int{0}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// scOffset converts ShellCheck's 1-based line and column (in characters,
// a tab counting as one) to a byte offset of s.
func scOffset(s string, starts []int, line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(starts) {
		return len(s)
	}
	off := starts[line-1]
	for n := 1; n < col && off < len(s) && s[off] != '\n'; n++ {
		_, size := utf8.DecodeRuneInString(s[off:])
		off += size
	}
	return off
}

// scMessage adapts ShellCheck's message to berth's style: no final period,
// and a lower-case first word unless it is a name (PATH, POSIX).
func scMessage(m string) string {
	m = strings.TrimSuffix(strings.TrimSpace(m), ".")
	word, _, _ := strings.Cut(m, " ")
	r, size := utf8.DecodeRuneInString(word)
	if unicode.IsUpper(r) && strings.ToLower(word[size:]) == word[size:] && !strings.ContainsAny(word, "_0123456789$") {
		m = string(unicode.ToLower(r)) + m[size:]
	}
	return m
}

// scEdits maps ShellCheck's replacements to edits of the file, or reports
// false when one of them does not land on the same text in the file (a
// line continuation inside it, for example).
func scEdits(p *lint.Pass, j *scJob, starts []int, reps []scReplacement) ([]lint.Edit, bool) {
	src := j.run.Script.Src
	file := p.Doc.File.Src
	edits := make([]lint.Edit, 0, len(reps))
	for _, r := range reps {
		if r.Line > j.lines || r.EndLine > j.lines {
			return nil, false
		}
		a := scOffset(src, starts, r.Line, r.Column)
		b := scOffset(src, starts, r.EndLine, r.EndColumn)
		if b < a {
			return nil, false
		}
		var rng syntax.Range
		if a == b {
			o := j.run.Script.Offset(a)
			if a > 0 && j.run.Script.Offset(a-1)+1 != o {
				return nil, false // at a seam between pieces of the script
			}
			rng = syntax.Range{Start: o, End: o}
		} else {
			rng = j.run.Script.SrcRange(shell.Range{Start: a, End: b})
			if rng.End > len(file) || string(file[rng.Start:rng.End]) != src[a:b] {
				return nil, false
			}
		}
		edits = append(edits, lint.Edit{Range: rng, NewText: r.Replacement})
	}
	return edits, true
}
