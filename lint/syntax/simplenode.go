package syntax

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// simpleNode returns the node BuildKit's parser gives for the one
// instruction line text, built without that parser, when the line is
// simple enough for the result to be certain; nil otherwise, and the
// instruction goes to BuildKit.
//
// A simple line is printable ASCII, spaces and tabs, with no escape
// character (neither \ nor `), no "[" but that of a JSON array of plain
// strings (jsonStrings) after the flags of COPY, ADD, VOLUME, SHELL, RUN,
// CMD or ENTRYPOINT, no "<<" (heredocs), no line break, and no quote in
// its leading --flags,
// within BuildKit's line length, for an instruction whose argument
// parser is one of the plain ones: the whitespace-delimited list (FROM,
// EXPOSE, COPY, ADD, VOLUME), the single string (WORKDIR, USER,
// MAINTAINER, STOPSIGNAL, and RUN, CMD, ENTRYPOINT, SHELL in shell form),
// names and values (ENV, LABEL, ARG: words split at white space outside
// quotes, the quotes kept, as BuildKit's parseWords does). Leading
// --flags are cut off as BuildKit's flag extraction does. A line
// BuildKit's parser would refuse (ENV with a name and no value, a word
// without "=" after the first) is not simple.
//
// BuildKit's parser costs a regular expression compile per call and
// backtracks a regular expression over every position of every line;
// this costs a split. TestSimpleNodeBuildKit and FuzzSimpleNode hold the
// result to BuildKit's own, field by field.
func simpleNode(text string) *parser.Node {
	if len(text) > maxLogical || !simpleBytes(text) {
		return nil
	}
	line := strings.TrimRight(text, " \t")
	sp := strings.IndexAny(line, " \t")
	cmd, rest := line, ""
	var flags []string
	if sp >= 0 {
		cmd = line[:sp]
		var ok bool
		if rest, flags, ok = simpleFlags(line[sp:]); !ok {
			return nil
		}
	}
	n := &parser.Node{Value: cmd, Original: text, Flags: flags, StartLine: 1, EndLine: 1}
	lower := strings.ToLower(cmd)
	if strings.IndexByte(text, '[') >= 0 {
		// Only a JSON array of strings after the flags, for an
		// instruction that reads one.
		switch lower {
		case "copy", "add", "volume", "shell", "run", "cmd", "entrypoint":
		default:
			return nil
		}
		elems, ok := jsonStrings(rest)
		if !ok {
			return nil
		}
		n.Next, n.Attributes = nodeList(elems), map[string]bool{"json": true}
		return n
	}
	switch lower {
	case "from", "expose", "copy", "add", "volume":
		// parseStringsWhitespaceDelimited: the only white space here is
		// spaces and tabs.
		n.Next = nodeList(strings.Fields(rest))
	case "arg":
		n.Next = nodeList(quotedWords(rest))
	case "workdir", "user", "maintainer", "stopsignal", "run", "cmd", "entrypoint", "shell":
		if rest != "" {
			n.Next = &parser.Node{Value: rest}
		}
	case "env", "label":
		next, ok := nameValues(rest)
		if !ok {
			return nil
		}
		n.Next = next
	default:
		return nil
	}
	return n
}

// jsonStrings returns the strings of s when s is a JSON array of strings
// that BuildKit's parser decodes to the very text between the quotes: no
// escape, no control character (a tab), no string empty or blank (VOLUME
// refuses them), nothing after the array; ok is false otherwise, and
// for an empty array.
func jsonStrings(s string) (elems []string, ok bool) {
	ok = strings.HasPrefix(s, "[") && jsonStringSpans(s, 0, func(a, b int, escaped bool) bool {
		e := s[a+1 : b-1]
		if escaped || strings.IndexByte(e, '\t') >= 0 || strings.TrimSpace(e) == "" {
			return false
		}
		elems = append(elems, e)
		return true
	})
	return elems, ok && len(elems) > 0
}

// simpleBytes reports whether text holds only what simpleNode reads with
// certainty: printable ASCII other than escape characters and "<<", and
// spaces and tabs; and starts with a keyword. ("[" is simpleNode's to
// judge.)
func simpleBytes(text string) bool {
	if text == "" || text[0] == ' ' || text[0] == '\t' {
		return false
	}
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == ' ' || c == '\t':
		case c < 0x21 || c > 0x7e:
			return false
		case c == '\\' || c == '`':
			return false
		case c == '<' && i+1 < len(text) && text[i+1] == '<':
			return false
		}
	}
	return true
}

// simpleFlags cuts the leading --flags off s (which starts with white
// space) as BuildKit's extractBuilderFlags does for flags with no quote
// and no escape character: words starting with "--" up to the first that
// does not, a bare "--" ending them. It returns the rest, trimmed, and
// the flags: an empty list, not nil, as BuildKit's; ok is false for a
// flag with a quote.
func simpleFlags(s string) (rest string, flags []string, ok bool) {
	flags = []string{}
	for {
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, "--") {
			return s, flags, true
		}
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			end = len(s)
		}
		word := s[:end]
		s = s[end:]
		if word == "--" {
			return strings.TrimLeft(s, " \t"), flags, true
		}
		if strings.ContainsAny(word, `"'`) {
			return "", nil, false
		}
		flags = append(flags, word)
	}
}

// quotedWords splits s (trimmed) at white space outside quotes, keeping
// the quotes, as BuildKit's parseWords does for text with no escape
// character: a quote left open runs to the end (the tokenizer's wordEnd
// with no escape character).
func quotedWords(s string) []string {
	var words []string
	for i := 0; i < len(s); {
		end := wordEnd(s, i, 0)
		words = append(words, s[i:end])
		i = skipWS(s, end)
	}
	return words
}

// nodeList is BuildKit's node list of words, nil for none.
func nodeList(words []string) *parser.Node {
	var first, last *parser.Node
	for _, w := range words {
		n := &parser.Node{Value: w}
		if first == nil {
			first = n
		} else {
			last.Next = n
		}
		last = n
	}
	return first
}

// nameValues is BuildKit's node list for ENV and LABEL (parseNameVal):
// key, value, separator, and again; false when BuildKit refuses s.
func nameValues(s string) (*parser.Node, bool) {
	words := quotedWords(s)
	if len(words) == 0 {
		return nil, true
	}
	if !strings.Contains(words[0], "=") {
		// The old form, KEY name value: the value is the rest, after the
		// first white space, quotes or not.
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			return nil, false // "must have two arguments"
		}
		return keyValue(s[:end], strings.TrimLeft(s[end:], " \t"), ""), true
	}
	var root, last *parser.Node
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			return nil, false // "can't find = in"
		}
		n := keyValue(k, v, "=")
		if root == nil {
			root = n
		} else {
			last.Next = n
		}
		last = n.Next.Next
	}
	return root, true
}

// keyValue is BuildKit's three nodes for one name and value.
func keyValue(k, v, sep string) *parser.Node {
	return &parser.Node{Value: k, Next: &parser.Node{Value: v, Next: &parser.Node{Value: sep}}}
}

// simpleAccepted reports whether BuildKit's instruction parser accepts a
// node simpleNode built, without running it: a node with no flags, of an
// instruction whose parser only counts its arguments (COPY and ADD at
// least two, EXPOSE and VOLUME one or more, WORKDIR, USER, MAINTAINER and
// STOPSIGNAL exactly one) or, for ENV and LABEL, wants named pairs (the
// node's arguments come by threes: name, value, separator). The words
// simpleNode splits are never empty. TestSimpleNodeBuildKit and
// FuzzSimpleNode hold it to the parser.
func simpleAccepted(n *parser.Node) bool {
	if len(n.Flags) > 0 {
		return false
	}
	args := 0
	for a := n.Next; a != nil; a = a.Next {
		args++
	}
	switch strings.ToLower(n.Value) {
	case "copy", "add":
		return args >= 2
	case "expose", "volume":
		return args >= 1
	case "workdir", "user", "maintainer", "stopsignal":
		return args == 1
	case "env", "label":
		if args == 0 || args%3 != 0 {
			return false
		}
		for a := n.Next; a != nil; a = a.Next.Next.Next {
			if a.Value == "" {
				return false
			}
		}
		return true
	}
	return false
}

// alwaysAccepted reports whether BuildKit's instruction parser accepts a
// node, whoever built it (simpleNode or BuildKit's parser), without
// running it: a node with no flags of
//   - RUN, CMD or ENTRYPOINT, whose parsers only gather the arguments (RUN's
//     --mount, --network, --security and --device, absent, take values
//     that are valid);
//   - FROM with one word, or three whose second is AS and whose third is a
//     valid stage name in lowercase;
//   - ARG with one word or more, none of them starting with "=" (a blank
//     name).
//
// Those were two thirds of the corpus's calls to the instruction parser.
// TestAlwaysAccepted holds it to the parser.
func alwaysAccepted(n *parser.Node) bool {
	if n == nil || len(n.Flags) > 0 {
		return false
	}
	cmd := strings.ToLower(n.Value)
	switch cmd {
	case "run", "cmd", "entrypoint":
		return true
	case "from", "arg":
	default:
		return false
	}
	var words [3]string
	count := 0
	for a := n.Next; a != nil; a = a.Next {
		if len(a.Children) > 0 {
			return false
		}
		if cmd == "arg" && strings.HasPrefix(a.Value, "=") {
			return false
		}
		if count < len(words) {
			words[count] = a.Value
		}
		count++
	}
	if cmd == "arg" {
		return count > 0
	}
	return count == 1 || count == 3 && strings.EqualFold(words[1], "as") && validStageName(strings.ToLower(words[2]))
}

// validStageName reports whether name matches BuildKit's pattern for the
// name of a stage, ^[a-z][a-z0-9-_.]*$ (instructions.parseBuildStageName).
func validStageName(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for i := 1; i < len(name); i++ {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.':
		default:
			return false
		}
	}
	return true
}
