package rules

import (
	"fmt"
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// BR015 reports a shell comment at the end of a line that the escape
// character continues: the builder joins the next line to the comment.
var BR015 = &lint.Rule{
	Code:     "BR015",
	Name:     "comment-continuation",
	Title:    "Do not end a comment with the escape character",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkBR015,
}

func checkBR015(p *lint.Pass) {
	for _, ins := range p.Doc.File.Instructions {
		target := ins
		if ins.Cmd == "onbuild" && ins.Sub != nil {
			target = ins.Sub
		}
		// A shell comment needs a '#' in the joined text.
		if target.JSON || target.StartLine == target.EndLine || strings.IndexByte(target.Logical, '#') < 0 {
			continue
		}
		switch target.Cmd {
		case "run", "cmd", "entrypoint":
		case "healthcheck":
			if !healthcheckCmd(target.Rest.Value) {
				continue
			}
		default:
			continue
		}
		// Only POSIX shells read "#" as a comment here: skip cmd and
		// PowerShell (SHELL, "# escape=`", Windows base images).
		if _, posix := p.Doc.Dialect(ins); !posix {
			continue
		}
		end := ins.Range.End
		for _, h := range target.Heredocs {
			end = min(end, h.Body.Start)
		}
		if r, ok := commentEscape(p.Doc.File, target.Rest.Range.Start, end); ok {
			p.Report(lint.Diagnostic{
				Range: r,
				Message: fmt.Sprintf("this %c continues the %s after a shell comment: the shell ignores every line joined to the comment",
					p.Doc.File.Escape, strings.ToUpper(target.Cmd)),
			})
		}
	}
}

// commentEscape scans the shell text of an instruction from start to
// end as the builder joins it and finds the first continuation escape of
// a line whose shell comment is still open.
func commentEscape(f *syntax.File, start, end int) (syntax.Range, bool) {
	src := f.Src
	var quote byte
	comment, brk := false, true
	first := true
	for pos := start; pos < end; {
		le := pos
		for le < len(src) && src[le] != '\n' {
			le++
		}
		line := src[pos:min(le, end)]
		next := le + 1
		if !first {
			i := 0
			for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
				i++
			}
			if i == len(line) || line[i] == '#' {
				pos = next
				continue
			}
		}
		first = false
		e := len(line)
		for e > 0 && (line[e-1] == ' ' || line[e-1] == '\t' || line[e-1] == '\r') {
			e--
		}
		cont := e > 0 && line[e-1] == f.Escape && (e < 2 || line[e-2] != f.Escape)
		body := line
		if cont {
			body = line[:e-1]
		}
		for i := 0; i < len(body) && !comment; i++ {
			c := body[i]
			switch {
			case quote == '\'':
				if c == '\'' {
					quote = 0
				}
			case c == '\\':
				i++
			case quote == '"':
				if c == '"' {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '#' && brk:
				comment = true
			}
			brk = c == ' ' || c == '\t' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')'
		}
		if !cont {
			return syntax.Range{}, false
		}
		if comment {
			return syntax.Range{Start: pos + e - 1, End: pos + e}, true
		}
		pos = next
	}
	return syntax.Range{}, false
}
