package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3020 reports ADD used for plain local files, where COPY says exactly
// what happens.
var DL3020 = &lint.Rule{
	Code:     "DL3020",
	Name:     "use-copy-not-add",
	Title:    "Use COPY instead of ADD for local files",
	Severity: lint.Error,
	Fix:      lint.SometimesFix,
	Check:    checkAddForFiles,
}

// addRemotePrefixes are the sources ADD fetches instead of copying.
var addRemotePrefixes = []string{"http://", "https://", "git@", "git://", "ssh://"}

// addArchiveSuffixes are the local files ADD unpacks (it detects tar archives
// by content; the name is what a reader and this rule can see).
var addArchiveSuffixes = []string{
	".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tb2", ".tar.xz", ".txz",
	".tar.zst", ".tzst", ".zst", ".tar.lz", ".tlz", ".tar.lzma", ".tar.z", ".tz", ".tpz",
	".gz", ".bz2", ".xz", ".lz", ".lzma", ".z",
}

// addOnlyFlags are ADD flags COPY does not have: their use says ADD is meant.
var addOnlyFlags = map[string]bool{"checksum": true, "keep-git-dir": true, "unpack": true}

// addSource classifies one ADD source.
type addSource int

const (
	addLocal   addSource = iota
	addRemote            // URL or git repository
	addArchive           // local archive that ADD unpacks
	addUnknown           // depends on a variable
)

func classifyAddSource(src string) addSource {
	s := strings.ToLower(lint.Unquote(src))
	for _, p := range addRemotePrefixes {
		if strings.HasPrefix(s, p) {
			return addRemote
		}
	}
	if strings.Contains(s, "$") {
		return addUnknown
	}
	for _, suf := range addArchiveSuffixes {
		if strings.HasSuffix(s, suf) {
			return addArchive
		}
	}
	return addLocal
}

func checkAddForFiles(p *lint.Pass) {
	for _, top := range p.Doc.File.Instructions {
		for _, ins := range top.WithTrigger() {
			if ins.Cmd == "add" && ins.Err == nil {
				checkAdd(p, ins)
			}
		}
	}
}

func checkAdd(p *lint.Pass, ins *syntax.Instruction) {
	for _, f := range ins.Flags {
		if addOnlyFlags[f.Name] {
			return
		}
	}
	var args []syntax.Token
	if ins.JSON {
		args = ins.Elems
	} else {
		args = ins.Words()
	}
	if len(args) < 2 {
		return
	}
	local, other := 0, 0
	for _, a := range args[:len(args)-1] {
		if !ins.JSON && len(ins.Heredocs) > 0 && strings.HasPrefix(a.Value, "<<") {
			local++ // a heredoc becomes a file, which COPY writes just as well
			continue
		}
		if classifyAddSource(a.Value) == addLocal {
			local++
		} else {
			other++
		}
	}
	if local == 0 {
		return
	}
	d := lint.Diagnostic{Range: ins.Keyword.Range}
	if other == 0 {
		d.Message = "ADD copies only local files here: use COPY, which does nothing more"
		d.Fixes = []lint.Fix{{
			Title: "Replace ADD with COPY",
			Safe:  true,
			Edits: []lint.Edit{{Range: ins.Keyword.Range, NewText: matchKeywordCase(ins.Keyword.Value, "copy")}},
		}}
	} else {
		d.Message = "ADD mixes local files with URLs or archives: copy the local files with a separate COPY"
	}
	p.Report(d)
}
