package source

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// Signature is one form of an instruction (or of a --mount value), such as
// "COPY [--from=<stage>] … <src>... <dest>".
type Signature struct {
	Label string
	// Doc is Markdown: the instruction's summary.
	Doc    string
	Params []Param
}

// Param is a parameter of a signature: Start and End are byte offsets into
// the signature's Label (the labels are ASCII).
type Param struct {
	Start, End int
	Doc        string
}

// SignatureHelp is the answer to a signature request.
type SignatureHelp struct {
	Signatures []Signature
	// Active is the signature in use; Param the parameter under the
	// cursor in it, or -1.
	Active, Param int
}

// sigPart is a part of a signature's label: its text and what selects it
// ("--name" for a flag, "#0", "#1" for positional arguments, "key" and
// "value" for key=value pairs, "<key>" for a --mount option).
type sigPart struct{ text, key string }

// flagPlaceholders name the value of each flag in signatures; flags
// missing here take no value.
var flagPlaceholders = map[string]string{
	"from": "stage", "chown": "user:group", "chmod": "perms", "exclude": "path", "checksum": "digest",
	"unpack": "bool", "platform": "platform", "mount": "mount", "network": "mode", "security": "mode",
	"device": "device", "interval": "duration", "timeout": "duration", "start-period": "duration",
	"start-interval": "duration", "retries": "n",
}

// forms lists the positional parts of each instruction's forms; the flags
// come from the documentation. A form whose first part starts with '['
// is the exec (JSON) form.
var forms = map[string][][]sigPart{
	"from":        {{{"<image>", "#0"}, {"[AS <name>]", "#1"}}},
	"copy":        {{{"<src>...", "#0"}, {"<dest>", "#1"}}},
	"add":         {{{"<src>...", "#0"}, {"<dest>", "#1"}}},
	"run":         {{{"<command>", "#0"}}, {{`["<executable>",`, "#0"}, {`"<param>"...]`, "#1"}}},
	"cmd":         {{{"<command>", "#0"}}, {{`["<executable>",`, "#0"}, {`"<param>"...]`, "#1"}}},
	"entrypoint":  {{{"<command>", "#0"}}, {{`["<executable>",`, "#0"}, {`"<param>"...]`, "#1"}}},
	"shell":       {{{`["<executable>",`, "#0"}, {`"<parameters>"...]`, "#1"}}},
	"healthcheck": {{{"CMD", "#0"}, {"<command>", "#1"}}, {{"NONE", "#0"}}},
	"arg":         {{{"<name>", "key"}, {"[=<default>]", "value"}, {"...", ""}}},
	"env":         {{{"<key>", "key"}, {"=<value>", "value"}, {"...", ""}}},
	"label":       {{{"<key>", "key"}, {"=<value>", "value"}, {"...", ""}}},
	"expose":      {{{"<port>[/<protocol>]...", "#0"}}},
	"user":        {{{"<user>[:<group>]", "#0"}}},
	"workdir":     {{{"<path>", "#0"}}},
	"volume":      {{{"<path>...", "#0"}}, {{`["<path>",`, "#0"}, {`...]`, "#1"}}},
	"stopsignal":  {{{"<signal>", "#0"}}},
	"onbuild":     {{{"<INSTRUCTION>", "#0"}}},
	"maintainer":  {{{"<name>", "#0"}}},
}

// SignatureAt returns the signatures of the instruction under the cursor,
// with the parameter the cursor is on: a flag, a positional argument
// (COPY's sources and destination, the executable and parameters of the
// exec form), the key or value of an ARG, ENV or LABEL pair; inside a
// --mount value, the signature of the mount type with the option under the
// cursor. Documentation is in the language of locale. It returns nil
// outside instructions and on their keyword.
func SignatureAt(doc *lint.Document, off int, locale string) *SignatureHelp {
	c := newCompleter(doc, off, locale)
	if h, _ := c.heredocAt(c.off, c.line); h != nil {
		return nil
	}
	ins := c.instruction(c.continues())
	if ins == nil {
		return nil
	}
	off = c.off
	if ins.Cmd == "onbuild" && ins.Sub != nil && off > ins.Sub.Keyword.Range.End {
		ins = ins.Sub
	}
	if off <= ins.Keyword.Range.End {
		return nil
	}
	fs, ok := forms[ins.Cmd]
	if !ok {
		return nil
	}
	// On a flag, or typing one.
	var flag *syntax.Flag
	for _, f := range ins.Flags {
		if f.Range.Start <= off && off <= f.Range.End {
			flag = f
		}
	}
	if flag != nil && flag.Name == "mount" && flag.HasValue && off >= flag.ValueRange.Start && contiguous(flag.ValueRange, flag.Value) {
		return mountSignature(flag, off, locale)
	}
	flagKey := ""
	if flag != nil {
		flagKey = "--" + flag.Name
	} else if w := c.src[c.wordStart(off):off]; len(w) > 0 && w[0] == '-' {
		name, _, _ := strings.Cut(strings.TrimLeft(string(w), "-"), "=")
		flagKey = "--" + name
	}
	out := &SignatureHelp{Param: -1, Active: -1}
	var allKeys [][]string
	exec := ins.JSON || strings.HasPrefix(strings.TrimSpace(ins.Rest.Value), "[")
	for i, form := range fs {
		sig := Signature{Label: strings.ToUpper(ins.Cmd), Doc: InstructionSummary(ins.Cmd, locale)}
		var keys []string
		add := func(text, key, doc string) {
			if !strings.HasPrefix(text, "=") && !strings.HasPrefix(text, "[=") {
				sig.Label += " "
			}
			sig.Params = append(sig.Params, Param{Start: len(sig.Label), End: len(sig.Label) + len(text), Doc: doc})
			sig.Label += text
			keys = append(keys, key)
		}
		if !(ins.Cmd == "healthcheck" && i == 1) {
			for _, d := range flagsOf(ins.Cmd, locale) {
				text := "[--" + d.name + "]"
				if ph, ok := flagPlaceholders[d.name]; ok {
					text = "[--" + d.name + "=<" + ph + ">]"
				}
				add(text, "--"+d.name, d.short)
			}
		}
		for _, p := range form {
			if p.key == "" {
				sig.Label += " " + p.text
				continue
			}
			add(p.text, p.key, "")
		}
		if strings.HasPrefix(form[0].text, "[") == exec && (ins.Cmd != "healthcheck" || (i == 1) == healthcheckNone(ins)) && out.Active < 0 {
			out.Active = i
		}
		allKeys = append(allKeys, keys)
		out.Signatures = append(out.Signatures, sig)
	}
	// COPY and ADD in exec form have the one signature.
	out.Active = max(out.Active, 0)
	out.Param = activeParam(c, ins, off, allKeys[out.Active], flagKey)
	return out
}

func healthcheckNone(ins *syntax.Instruction) bool {
	w := strings.Fields(ins.Rest.Value)
	return len(w) > 0 && strings.EqualFold(w[0], "none")
}

// wordStart returns the start of the white-space-separated word ending at
// off on its line.
func (c *completer) wordStart(off int) int {
	ws := off
	for ws > c.ls && !isSpaceByte(c.src[ws-1]) {
		ws--
	}
	return ws
}

// activeParam returns the index in keys of the part the cursor is on.
func activeParam(c *completer, ins *syntax.Instruction, off int, keys []string, flagKey string) int {
	find := func(k string) int {
		for i, x := range keys {
			if x == k {
				return i
			}
		}
		// A flag being typed: the first that it starts.
		for i, x := range keys {
			if strings.HasPrefix(k, "--") && strings.HasPrefix(x, k) {
				return i
			}
		}
		return -1
	}
	if flagKey != "" {
		return find(flagKey)
	}
	switch ins.Cmd {
	case "arg", "env", "label":
		for _, kv := range ins.Pairs {
			if kv.Range.Start <= off && off <= kv.Range.End {
				if kv.Equals && off > kv.Key.Range.End || !kv.Equals && kv.HasValue && off > kv.Key.Range.End {
					return find("value")
				}
				return find("key")
			}
		}
		if strings.Contains(string(c.src[c.wordStart(off):off]), "=") {
			return find("value")
		}
		return find("key")
	}
	if ins.JSON || strings.HasPrefix(strings.TrimSpace(ins.Rest.Value), "[") {
		if ins.Rest.Range.Start > off {
			return find("#0")
		}
		if strings.Contains(jsonBefore(c.src, ins.Rest.Range.Start, off), ",") {
			return find("#1")
		}
		return find("#0")
	}
	// Positional: the word under the cursor, or the next one.
	n, cur := 0, -1
	for i, w := range ins.Words() {
		if w.Range.Start <= off && off <= w.Range.End {
			cur = i
		}
		if w.Range.End < off {
			n++
		}
	}
	if cur < 0 {
		cur = n
	}
	switch ins.Cmd {
	case "copy", "add":
		if cur >= 1 && cur >= len(ins.Words())-1 {
			return find("#1")
		}
		return find("#0")
	case "from":
		if cur >= 1 {
			return find("#1")
		}
		return find("#0")
	case "healthcheck":
		// BuildKit gives no words for a CMD still without its command.
		if r := ins.Rest.Range; r.Start < off && off <= len(c.src) {
			typed := string(c.src[r.Start:off])
			if w := strings.Fields(typed); len(w) > 1 || len(w) == 1 && isSpaceByte(typed[len(typed)-1]) {
				return find("#1")
			}
		}
		return find("#0")
	}
	return find("#0")
}

// jsonBefore returns the text of an exec-form array from its start to off
// with quoted strings blanked, so that commas inside them do not count.
func jsonBefore(src []byte, start, off int) string {
	var b strings.Builder
	in := false
	for i := start; i < off && i < len(src); i++ {
		ch := src[i]
		switch {
		case in && ch == '\\':
			i++
		case ch == '"':
			in = !in
		case !in:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// mountSignature is the signature of a --mount value of the type it
// names, with the option under the cursor active.
func mountSignature(f *syntax.Flag, off int, locale string) *SignatureHelp {
	typ := "bind"
	cur := ""
	for _, fld := range fields(f.Value) {
		k, v, _ := strings.Cut(fld.text, "=")
		if strings.EqualFold(k, "type") {
			typ = strings.ToLower(v)
		}
		s := f.ValueRange.Start + fld.pos
		if s <= off && off <= s+len(fld.text) {
			cur = strings.ToLower(k)
		}
	}
	keys, ok := mountKeys[typ]
	if !ok {
		keys, typ = mountKeys["bind"], "bind"
	}
	sig := Signature{Label: "--mount=", Doc: FlagDoc("run", "mount", locale)}
	out := &SignatureHelp{Param: -1}
	add := func(text, key string) {
		if key == cur || out.Param < 0 && cur != "" && strings.HasPrefix(key, cur) {
			out.Param = len(sig.Params)
		}
		sig.Params = append(sig.Params, Param{Start: len(sig.Label), End: len(sig.Label) + len(text)})
		sig.Label += text
	}
	add("type="+typ, "type")
	for _, k := range keys {
		sig.Label += ","
		if k == "rw" || k == "ro" {
			add("["+k+"]", k)
			continue
		}
		v := "<" + k + ">"
		if vs, ok := mountValues[k]; ok {
			v = strings.Join(vs, "|")
		}
		add("["+k+"="+v+"]", k)
	}
	out.Signatures = []Signature{sig}
	return out
}
