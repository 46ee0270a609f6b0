package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/buildctx"
	"github.com/berth-dev/berth/lint/syntax"
)

// ctxIgnoreMax bounds the ignore file a fix appends to.
const ctxIgnoreMax = 1 << 20

// ctxIgnorePath returns the ignore file that fixes edit: the one in force
// (.dockerignore, or NAME.dockerignore beside the Dockerfile), else the
// .dockerignore to create at the root of the context.
func ctxIgnorePath(c *buildctx.Context) string {
	if c.IgnoreFile != "" {
		return c.IgnoreFile
	}
	return filepath.Join(c.Root, ".dockerignore")
}

// ctxIgnoreFix returns the fix that appends lines to the ignore file
// (creating .dockerignore when there is none), leaving out the lines
// already in it. It returns false when there is nothing to add or the file
// cannot be read, or a line would not read back as written.
func ctxIgnoreFix(c *buildctx.Context, lines []string, safe bool) (lint.Fix, bool) {
	file := ctxIgnorePath(c)
	data, err := safeio.ReadRegularFile(file, ctxIgnoreMax)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		data = nil
	case err != nil: // not a regular file (a FIFO, /dev/zero), too large
		return lint.Fix{}, false
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	var add, quoted []string
	for _, l := range lines {
		if l == "" || l != strings.TrimSpace(l) || strings.ContainsAny(l, "\r\n") || strings.HasPrefix(l, "!") || strings.HasPrefix(l, "#") {
			return lint.Fix{}, false
		}
		if have[l] {
			continue
		}
		have[l] = true
		add = append(add, l)
		quoted = append(quoted, fmt.Sprintf("%q", l))
	}
	if len(add) == 0 {
		return lint.Fix{}, false
	}
	eol := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		eol = "\r\n"
	}
	end := syntax.Range{Start: len(data), End: len(data)}
	var edits []lint.Edit
	if len(data) > 0 && data[len(data)-1] != '\n' {
		// A line of its own, shared by every fix appending here.
		edits = append(edits, lint.Edit{Range: end, NewText: eol, Path: file})
	}
	// A line an edit, so that two fixes adding the same line add it once
	// (see lint.SelectFixes).
	for _, l := range add {
		edits = append(edits, lint.Edit{Range: end, NewText: l + eol, Path: file})
	}
	return lint.Fix{
		Title: fmt.Sprintf("Add %s to %s", ctxList(quoted, 3), ctxIgnoreName(c)),
		Edits: edits,
		Safe:  safe,
	}, true
}
