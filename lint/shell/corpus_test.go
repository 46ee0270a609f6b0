package shell

import (
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/berth-dev/berth/internal/corpus"
)

// corpusRuns returns the shell text of the RUN instructions of every
// Dockerfile of the corpus (corpus.Files): each logical line
// (continuations joined, comment lines dropped) and each heredoc body. It
// is a rough splitter, good enough for a crash sweep and a benchmark.
func corpusRuns(tb testing.TB) []string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("corpus sweep skipped in short mode")
	}
	files := corpus.Files(tb)
	runsCache.once.Do(func() { runsCache.runs, runsCache.err = readRuns(files) })
	if runsCache.err != nil {
		tb.Fatal(runsCache.err)
	}
	return runsCache.runs
}

// runsCache keeps the corpus's RUN texts for all tests.
var runsCache struct {
	once sync.Once
	runs []string
	err  error
}

func readRuns(files []string) ([]string, error) {
	var runs []string
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		if !windows.Match(data) {
			runs = append(runs, splitRuns(string(data))...)
		}
	}
	return runs, nil
}

var (
	windows   = regexp.MustCompile(`(?im)^\s*(#\s*escape\s*=\s*` + "`" + `|SHELL\s*\[\s*"(cmd|pwsh|powershell))`)
	runLine   = regexp.MustCompile(`(?i)^\s*RUN\s+(.*)$`)
	runFlags  = regexp.MustCompile(`^(--\S+\s+)*`)
	hdocStart = regexp.MustCompile(`<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?`)
)

func splitRuns(text string) []string {
	var runs []string
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		m := runLine.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		var b strings.Builder
		line := m[1]
		for strings.HasSuffix(line, `\`) && i+1 < len(lines) {
			b.WriteString(strings.TrimSuffix(line, `\`))
			i++
			for i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "#") {
				i++
			}
			line = lines[i]
		}
		b.WriteString(line)
		logical := runFlags.ReplaceAllString(strings.TrimSpace(b.String()), "")
		if strings.HasPrefix(logical, "[") {
			continue // exec form
		}
		hdocs := hdocStart.FindAllStringSubmatch(logical, -1)
		bodyOnly := len(hdocs) > 0 && strings.HasPrefix(logical, "<<")
		if !bodyOnly {
			runs = append(runs, logical)
		}
		for _, h := range hdocs {
			var body strings.Builder
			for i+1 < len(lines) {
				i++
				if strings.TrimLeft(lines[i], "\t") == h[1] {
					break
				}
				body.WriteString(lines[i])
				body.WriteByte('\n')
			}
			if bodyOnly {
				runs = append(runs, body.String())
			}
		}
	}
	return runs
}

// TestCorpus parses every RUN of the corpus: no panic, sane ranges, and few
// fallbacks.
func TestCorpus(t *testing.T) {
	runs := corpusRuns(t)
	fallbacks, errs, size := 0, 0, 0
	for _, src := range runs {
		size += len(src)
		s := Parse(src, POSIX)
		checkScript(t, s)
		if s.Fallback {
			fallbacks++
			if testing.Verbose() {
				t.Logf("fallback: %v\n%.300s", s.Err, src)
			}
		}
		if s.Err != nil {
			errs++
		}
	}
	t.Logf("%d runs, %d bytes, %d parse errors, %d fallbacks", len(runs), size, errs, fallbacks)
	if fallbacks*100 > 3*len(runs) {
		t.Errorf("%d fallbacks out of %d runs, want under 3%%", fallbacks, len(runs))
	}
}

func BenchmarkCorpus(b *testing.B) {
	runs := corpusRuns(b)
	size := 0
	for _, r := range runs {
		size += len(r)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range runs {
			Parse(r, POSIX)
		}
	}
}

// TestCorpusSimple checks that the splitter's fast path, where it applies,
// gives exactly what the shell parser gives.
func TestCorpusSimple(t *testing.T) {
	runs := corpusRuns(t)
	simple, diffs := 0, 0
	for _, src := range runs {
		for _, d := range []Dialect{POSIX, Bash} {
			b := &builder{src: src, text: src}
			if len(src) > maxParse || tooDeep(src) || !b.splitSimple(0, len(src), d) {
				continue
			}
			simple++
			fast, slow := parse(src, d, true), parse(src, d, false)
			if diff := diffScripts(fast, slow); diff != "" {
				diffs++
				if diffs < 10 {
					t.Errorf("%v: fast path differs from parser: %.2000s\n%.500s", d, diff, src)
				}
			}
		}
	}
	t.Logf("%d of %d runs×dialects take the fast path", simple, 2*len(runs))
}
