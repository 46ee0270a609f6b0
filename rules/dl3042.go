package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/shell"
	"github.com/berth-dev/berth/lint/syntax"
	"github.com/berth-dev/berth/rules/internal/pkgmgr"
)

// DL3042 reports pip install that keeps pip's download cache in a layer
// that ships.
var DL3042 = &lint.Rule{
	Code:     "DL3042",
	Name:     "pip-no-cache-dir",
	Title:    "Use --no-cache-dir with pip install",
	Severity: lint.Warning,
	Fix:      lint.SometimesFix,
	Split:    pipCacheSplit,
}

// pipCacheSplit is DL3042 in two, as DL3009 is: the RUNs that leave the
// cache, which a stage's text tells, and whether their layers ship,
// which only the whole file does.
var pipCacheSplit = &lint.Split{Stage: checkPipCache, Finish: runAtShips}

// pipCache is pip's cache folder for root.
const pipCache = "/root/.cache/pip"

func checkPipCache(p *lint.Pass) {
	eachRunScriptWith(p, true, pkgmgr.PipNeedles, func(r runScript) {
		pipInstalls(r.Script, func(c *shell.Command, sub shell.Word, _ int) {
			if c.HasFlag("", "no-cache-dir", "no-cache") || pipCacheOff(p.Doc, r, c) {
				return
			}
			if mountHolds(r.Run, ".cache/pip") || mountCovers(r.Run, pipCache) {
				return
			}
			d := lint.Diagnostic{
				Range:   r.fileSpan(c.Name, sub),
				Message: "\"pip install\" without --no-cache-dir leaves pip's download cache in the layer",
			}
			if at, ok := r.rangeAfterWord(sub); ok {
				d.Fixes = []lint.Fix{{Title: "Add --no-cache-dir", Safe: true, Edits: []lint.Edit{{Range: at, NewText: " --no-cache-dir"}}}}
			}
			p.Report(d)
		})
	})
}

// pipBool reports whether v is a boolean as pip reads it (strtobool).
// pip turns its cache off for PIP_NO_CACHE_DIR set to any of them, false
// ones included, for compatibility with its old behaviour.
func pipBool(v string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`)) {
	case "y", "yes", "t", "true", "on", "1", "n", "no", "f", "false", "off", "0":
		return true
	}
	return false
}

// pipCacheOff reports whether pip's cache is turned off for the pip
// command c of RUN r: PIP_NO_CACHE_DIR from ENV or ARG, set inline or
// exported in the RUN, or no-cache-dir written to pip's configuration by
// an earlier RUN of the stage.
func pipCacheOff(doc *lint.Document, r runScript, c *shell.Command) bool {
	if v := doc.Lookup(r.Ins, "PIP_NO_CACHE_DIR"); v != nil && v.HasValue && pipBool(v.Value) {
		return true
	}
	for _, a := range c.Assigns {
		if val, ok := strings.CutPrefix(a.Value, "PIP_NO_CACHE_DIR="); ok && pipBool(val) {
			return true
		}
	}
	src := r.Script.Src
	for i := 0; ; {
		j := strings.Index(src[i:], "PIP_NO_CACHE_DIR=")
		if j < 0 {
			break
		}
		i += j + len("PIP_NO_CACHE_DIR=")
		if i <= c.Range.Start {
			end := strings.IndexAny(src[i:], " \t\n;&|")
			if end < 0 {
				end = len(src) - i
			}
			if pipBool(src[i : i+end]) {
				return true
			}
		}
	}
	return pipConfigured(doc, r.Ins)
}

// pipConfigured reports whether a RUN of the stage chain before ins
// writes no-cache-dir into pip's configuration (pip config set
// global.no-cache-dir, or a pip.conf with a no-cache-dir line).
func pipConfigured(doc *lint.Document, ins *syntax.Instruction) bool {
	for st := doc.StageOf(ins); st != nil; st = st.BaseStage {
		for _, in := range st.Instructions {
			if in.Range.Start >= ins.Range.Start {
				break
			}
			if in.Cmd != "run" {
				continue
			}
			text := in.Rest.Value
			for _, h := range in.Heredocs {
				text += "\n" + h.Content
			}
			if strings.Contains(text, "global.no-cache-dir") || strings.Contains(text, "no-cache-dir = ") || strings.Contains(text, "no-cache-dir=") && strings.Contains(text, "pip.conf") {
				return true
			}
		}
		if st.BaseStage != nil && st.BaseStage.Index >= st.Index {
			break
		}
	}
	return false
}
