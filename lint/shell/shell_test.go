package shell

import (
	"strings"
	"testing"
)

// render writes the commands of s on one line: each as its assignments,
// name and argument values (bracketed when they hold a blank), prefixed with
// | when in a pipeline and with > when inside an `sh -c` string, joined by
// " ; ".
func render(s *Script) string {
	var out []string
	for _, c := range s.Commands {
		var b strings.Builder
		if c.Outer != nil {
			b.WriteString(">")
		}
		if c.InPipeline {
			b.WriteString("|")
		}
		for i, w := range append(append(append([]Word(nil), c.Assigns...), c.Name), c.Args...) {
			if i > 0 {
				b.WriteByte(' ')
			}
			if strings.ContainsAny(w.Value, " \t\n") || w.Value == "" {
				b.WriteString("[" + w.Value + "]")
			} else {
				b.WriteString(w.Value)
			}
		}
		out = append(out, b.String())
	}
	return strings.Join(out, " ; ")
}

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		src, want string
		d         Dialect
	}{
		{src: ``, want: ``},
		{src: `# cd /tmp`, want: ``},
		{src: `apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*`,
			want: `apt-get update ; apt-get install -y curl ; rm -rf /var/lib/apt/lists/*`},
		{src: `echo "cd /tmp" 'sudo x' # cd foo`, want: `echo [cd /tmp] [sudo x]`},
		{src: `a | b |& c || d; e & f`, want: `|a ; |b ; |c ; d ; e ; f`},
		{src: `(cd /src && make) > /log 2>&1 || true`, want: `cd /src ; make ; true`},
		{src: `{ echo a; echo b; } | tee x`, want: `echo a ; echo b ; |tee x`},
		{src: `DEBIAN_FRONTEND=noninteractive A= apt-get install x`, want: `DEBIAN_FRONTEND=noninteractive A= apt-get install x`},
		{src: `FOO=1 BAR=2 >/dev/null`, want: ``},
		{src: `echo $(cd /x && pwd) "$(id -u)" ` + "`hostname`", want: "echo [$(cd /x && pwd)] [$(id -u)] `hostname` ; cd /x ; pwd ; id -u ; hostname"},
		{src: `if [ -f x ]; then yum install -y a; elif b; then c; else d; fi`, want: `[ -f x ] ; yum install -y a ; b ; c ; d`},
		{src: "for p in $(ls); do pip install $p; done\nwhile read l; do echo $l; done < f", want: `ls ; pip install $p ; read l ; echo $l`},
		{src: `case "$(uname -m)" in x86_64) A=amd64 ;; *) exit 1 ;; esac`, want: `uname -m ; exit 1`},
		{src: `f() { cd /x; }; f`, want: `cd /x ; f`},
		{src: `export A=1 B="x y" C; local D`, want: `export A=1 [B=x y] C ; local D`},
		{src: "cat <<EOF > /etc/x\ncd /nowhere\nEOF\nls", want: `cat ; ls`},
		{src: "cat <<-'EOF' | sh\n\tapt-get install x\n\tEOF", want: `|cat ; |sh`},
		{src: `diff <(sort a) <(sort b)`, want: `diff [<(sort a)] [<(sort b)] ; sort a ; sort b`},
		{src: `[[ -f x ]] && ls`, want: `ls`},
		{src: "apt-get install \\\n  curl \\\n  git", want: `apt-get install curl git`},
		{src: `echo a\ b 'c'"d"$'\n' "${X:-y}" \$HOME`, want: "echo [a b] cd$'\\n' ${X:-y} $HOME"},
		{src: `time make -j4`, want: `make -j4`},
		{src: `! grep -q x f`, want: `grep -q x f`},
		{src: `let i=1+2`, want: `let i=1+2`, d: Bash},
	} {
		s := Parse(tt.src, tt.d)
		checkScript(t, s)
		if got := render(s); got != tt.want {
			t.Errorf("Parse(%q)\n got: %s\nwant: %s", tt.src, got, tt.want)
		}
		if s.Fallback {
			t.Errorf("Parse(%q): fallback (%v)", tt.src, s.Err)
		}
		if fast, slow := Parse(tt.src, tt.d), parse(tt.src, tt.d, false); diffScripts(fast, slow) != "" {
			t.Errorf("Parse(%q): fast path differs: %s", tt.src, diffScripts(fast, slow))
		}
	}
}

func TestWord(t *testing.T) {
	for _, tt := range []struct {
		raw, value string
		literal    bool
	}{
		{`plain`, `plain`, true},
		{`'single $X'`, `single $X`, true},
		{`"double"`, `double`, true},
		{`"a\"b\$c\\d\e"`, `a"b$c\d\e`, true},
		{`a\ b\"`, `a b"`, true},
		{`--opt="x y"`, `--opt=x y`, true},
		{`$X`, `$X`, false},
		{`"${X:-a b}"`, `${X:-a b}`, false},
		{`pkg=${VER}`, `pkg=${VER}`, false},
		{`"$(echo "a b")"`, `$(echo "a b")`, false},
		{"`id`", "`id`", false},
		{`$'\t'`, `$'\t'`, false},
		{`$((1+2))`, `$((1+2))`, false},
		{`/var/lib/apt/lists/*`, `/var/lib/apt/lists/*`, true},
		{`{a,b}`, `{a,b}`, true},
		{`cost$`, `cost$`, true},
		{`$1$@`, `$1$@`, false},
		{`$"msg"`, `msg`, true},
	} {
		s := Parse("echo "+tt.raw, Bash)
		checkScript(t, s)
		if len(s.Commands) == 0 || len(s.Commands[0].Args) != 1 {
			t.Errorf("%s: want one command with one argument, got %s", tt.raw, render(s))
			continue
		}
		w := s.Commands[0].Args[0]
		if w.Raw != tt.raw || w.Value != tt.value || w.Literal != tt.literal || w.Range != (Range{5, 5 + len(tt.raw)}) {
			t.Errorf("%s: got %+v, want value %q literal %v", tt.raw, w, tt.value, tt.literal)
		}
	}
}

func TestRanges(t *testing.T) {
	src := "  A=1 sudo  -E apt-get  install -y  'x y' >/log 2>&1 && cd /x | tee /y"
	s := Parse(src, Bash)
	checkScript(t, s)
	c := s.Commands[0]
	if got := src[c.Range.Start:c.Range.End]; got != "A=1 sudo  -E apt-get  install -y  'x y' >/log 2>&1" {
		t.Errorf("command range covers %q", got)
	}
	u := c.Unwrapped()
	if got := src[u.Range.Start:u.Range.End]; got != "apt-get  install -y  'x y' >/log 2>&1" {
		t.Errorf("unwrapped range covers %q", got)
	}
	if got := src[s.Pipes[0].Start:s.Pipes[0].End]; got != "|" || len(s.Pipes) != 1 {
		t.Errorf("pipes %v", s.Pipes)
	}
	if cd := s.Commands[1]; src[cd.Range.Start:cd.Range.End] != "cd /x" || !cd.InPipeline {
		t.Errorf("cd: %+v", cd)
	}
}

func TestFallback(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`echo "unclosed && apt-get install x | tee y`, `echo unclosed ; |apt-get install x ; |tee y`},
		{`echo 'it''s && cd /x`, `echo it's ; cd /x`},
		{`echo ${FOO && cd /x`, `echo ${FOO ; cd /x`},
		{`apt-get install $(cat list && cd /y`, `apt-get install $ ; cat list ; cd /y`},
		{`if [ -f x ] then rm -rf /var/lib/apt/lists/*; fi; yum clean all`, `[ -f x ] then rm -rf /var/lib/apt/lists/* ; yum clean all`},
		{"for i in a b; do\n  cd $i\ndone; case x in a) echo a;; esac)", `cd $i ; echo a`},
		{"cat <<EOF && cd /\nbody cd\nEOF\n\"unclosed", `cat ; cd / ; unclosed`},
		{`f() { echo "x; }; 2>/dev/null cd /z`, `echo x ; cd /z`},
		{`a=(1 2) ls; } ;; cd /`, `a= ls ; cd /`},
	} {
		s := Parse(tt.src, POSIX)
		checkScript(t, s)
		if !s.Fallback || s.Err == nil {
			t.Errorf("Parse(%q): Fallback %v, Err %v; want a fallback", tt.src, s.Fallback, s.Err)
		}
		if got := render(s); got != tt.want {
			t.Errorf("Parse(%q)\n got: %s\nwant: %s", tt.src, got, tt.want)
		}
	}
}

func TestRecovered(t *testing.T) {
	for _, tt := range []struct {
		src, want string
		d         Dialect
		dialect   Dialect
	}{
		{src: `apt-get update &&`, want: `apt-get update`, d: POSIX},
		{src: `(cd /x && make`, want: `cd /x ; make`, d: POSIX},
		{src: `cat <<EOF > /etc/conf && cd /x`, want: `cat ; cd /x`, d: POSIX},
		{src: `a=(1 2) && ls &> /dev/null`, want: `ls`, d: POSIX},
		{src: `echo ${a[@]} ${x/a/b}`, want: `echo ${a[@]} ${x/a/b}`, d: POSIX},
		{src: `function f { cd /x; }`, want: `cd /x`, d: Mksh, dialect: Mksh},
	} {
		s := Parse(tt.src, tt.d)
		checkScript(t, s)
		if got := render(s); got != tt.want {
			t.Errorf("Parse(%q)\n got: %s\nwant: %s", tt.src, got, tt.want)
		}
		if s.Fallback || (s.Err == nil) != (tt.dialect == tt.d) || s.Dialect != tt.dialect {
			t.Errorf("Parse(%q): Fallback %v, Err %v, Dialect %v; want a %v parse", tt.src, s.Fallback, s.Err, s.Dialect, tt.dialect)
		}
	}
}

func TestPOSIXDoubleBracket(t *testing.T) {
	s := Parse(`[[ -n "$X" ]] && echo '[[ ok'`, POSIX)
	if s.Dialect != Bash || s.Err != nil || render(s) != `echo [[[ ok]` {
		t.Errorf("got Dialect %v, Err %v, %s", s.Dialect, s.Err, render(s))
	}
	if s := Parse(`echo '[[ x'`, POSIX); s.Dialect != POSIX {
		t.Errorf("quoted [[: Dialect %v", s.Dialect)
	}
}

func TestShellString(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`bash -c "cd /x && apt-get install $P"`, `bash -c [cd /x && apt-get install $P] ; >cd /x ; >apt-get install $P`},
		{`sudo -u app sh -ec 'pip install a | tee l'`, `sudo -u app sh -ec [pip install a | tee l] ; >|pip install a ; >|tee l`},
		{`bash -o pipefail -c make`, `bash -o pipefail -c make ; >make`},
		{`sh -c "echo \"x\"; cd /"`, `sh -c [echo "x"; cd /]`},
		{`sh script.sh -c 'cd /x'`, `sh script.sh -c [cd /x]`},
		{`sh -c 'sh -c "sh -c \"cd /\""'`, `sh -c [sh -c "sh -c \"cd /\""] ; >sh -c [sh -c "cd /"]`},
		{`su -c 'cd /x' app`, `su -c [cd /x] app`},
	} {
		s := Parse(tt.src, POSIX)
		checkScript(t, s)
		if got := render(s); got != tt.want {
			t.Errorf("Parse(%q)\n got: %s\nwant: %s", tt.src, got, tt.want)
		}
		for _, c := range s.Commands {
			if c.Outer != nil && s.Src[c.Name.Range.Start:c.Name.Range.End] != c.Name.Raw {
				t.Errorf("%q: nested name %q at wrong offset %v", tt.src, c.Name.Raw, c.Name.Range)
			}
		}
		if s.HasPipe() {
			t.Errorf("%q: pipes inside sh -c counted: %v", tt.src, s.Pipes)
		}
	}
}

func TestPipefail(t *testing.T) {
	for _, tt := range []struct {
		src            string
		pipe, pipefail bool
	}{
		{`a | b`, true, false},
		{`a || b`, false, false},
		{`a |& b`, true, false},
		{`echo "a | b"`, false, false},
		{`set -o pipefail && a | b`, true, true},
		{`set -euxo pipefail; a | b`, true, true},
		{`set -o errexit -o pipefail`, false, true},
		{`set +o pipefail; a | b`, true, false},
		{`echo -o pipefail`, false, false},
		{`bash -o pipefail -c 'a | b'`, false, true},
		{`sh -c 'set -o pipefail'`, false, false},
	} {
		s := Parse(tt.src, Bash)
		if s.HasPipe() != tt.pipe || s.SetsPipefail() != tt.pipefail {
			t.Errorf("%q: HasPipe %v SetsPipefail %v, want %v %v", tt.src, s.HasPipe(), s.SetsPipefail(), tt.pipe, tt.pipefail)
		}
	}
}

func TestDialectFromShell(t *testing.T) {
	for _, tt := range []struct {
		argv []string
		d    Dialect
		ok   bool
	}{
		{nil, POSIX, true},
		{[]string{"/bin/bash", "-o", "pipefail", "-c"}, Bash, true},
		{[]string{"/bin/sh", "-c"}, POSIX, true},
		{[]string{"ash", "-eo", "pipefail", "-c"}, POSIX, true},
		{[]string{"/usr/bin/env", "bash", "-c"}, Bash, true},
		{[]string{"/bin/zsh", "-c"}, Bash, true},
		{[]string{"/bin/mksh", "-c"}, Mksh, true},
		{[]string{"pwsh", "-Command"}, POSIX, false},
		{[]string{"powershell", "-command"}, POSIX, false},
		{[]string{`C:\Windows\System32\cmd.exe`, "/S", "/C"}, POSIX, false},
		{[]string{"/usr/bin/fish", "-c"}, POSIX, false},
	} {
		if d, ok := DialectFromShell(tt.argv); d != tt.d || ok != tt.ok {
			t.Errorf("DialectFromShell(%q) = %v, %v; want %v, %v", tt.argv, d, ok, tt.d, tt.ok)
		}
	}
	if Bash.String() != "bash" || POSIX.String() != "posix" || Mksh.String() != "mksh" || Dialect(9).String() != "Dialect(9)" {
		t.Error("Dialect.String")
	}
}

// TestJunk feeds inputs that crash or stall recursive parsers: deep
// nesting and megabyte lines must neither panic nor blow the stack, and
// (without a time assertion, which would be flaky on a loaded machine) take
// linear time.
func TestJunk(t *testing.T) {
	long := strings.Repeat("apt-get install -y pkg && ", 40000) // 1 MB
	for name, src := range map[string]string{
		"nul":          "echo a\x00b; ls\x00",
		"invalid utf8": "echo \xff\xfe; cd \xc3",
		"binary":       string([]byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, '|', '&', '(', ')', 0xff, '\'', '"', '`', '$', '{'}),
		"1MB line":     long + "ls",
		"chain":        strings.Repeat("a&&", 100000) + "a",
		"parens":       strings.Repeat("(", 1<<20),
		"closed":       strings.Repeat("(", 5000) + "a" + strings.Repeat(")", 5000),
		"if":           strings.Repeat("if ", 100000),
		"braces":       strings.Repeat("${a:-", 100000),
		"substs":       strings.Repeat("$(", 100000),
		"arith bangs":  "echo $((" + strings.Repeat("!", 60000) + "1))",
		"arith chain":  "echo $((" + strings.Repeat("1+", 30000) + "1))",
		"test chain":   "[[ a" + strings.Repeat(" && a", 10000) + " ]]",
		"quotes":       strings.Repeat(`"'`, 100000),
		"backquotes":   strings.Repeat("`\\", 100000),
		"heredocs":     strings.Repeat("<<A ", 50000),
		"newlines":     strings.Repeat("\n", 1<<20),
		"case":         strings.Repeat("case a in a) ", 20000),
		"sh -c":        strings.Repeat(`sh -c '`, 50000),
	} {
		s := Parse(src, Bash)
		checkScript(t, s)
		if name == "1MB line" && len(s.Commands) != 40001 {
			t.Errorf("%s: %d commands", name, len(s.Commands))
		}
	}
}

// TestSimplePath pins which texts the splitter's fast path takes (it must
// then agree with the shell parser) and which it leaves to the parser.
func TestSimplePath(t *testing.T) {
	for _, tt := range []struct {
		src    string
		d      Dialect
		simple bool
	}{
		{`apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*`, POSIX, true},
		{`arch="$(dpkg --print-architecture | awk -F- '{ print $NF }')"; echo "${arch##*-}"`, POSIX, true},
		{"if [ -f x ]; then a; elif b; then c; else d; fi | cat > /log", POSIX, true},
		{"for f in /a/*.sh $(ls); do\n  . \"$f\"\ndone < /dev/null", POSIX, true},
		{"case \"$x\" in\n  (a|b) echo 1 ;;\n  c*) ;;\n  *) exit 1 ;& \nesac", Bash, true},
		{`while ! curl -fs x; do sleep 1; done && { cd /x; make; } || (cd /y && make)`, POSIX, true},
		{`x | while read l; do echo "$l"; done`, POSIX, true},
		{`echo $((1+2))`, POSIX, false},
		{"echo `id`", POSIX, false},
		{"cat <<EOF\nx\nEOF", POSIX, false},
		{`[[ -f x ]] && ls`, Bash, false},
		{`f() { ls; }`, POSIX, false},
		{`echo ${x/a/b}`, Bash, false},
		{`ls &> /dev/null`, POSIX, false},
		{`ls &> /dev/null`, Bash, true},
		{`if a; then fi`, POSIX, false},
		{`a && ;`, POSIX, false},
		{`a | ! b`, POSIX, false},
		{`echo "unclosed`, POSIX, false},
		{`for x in a b; do a; done x`, POSIX, false},
	} {
		b := &builder{src: tt.src, text: tt.src}
		if got := b.splitSimple(0, len(tt.src), tt.d); got != tt.simple {
			t.Errorf("splitSimple(%q, %v) = %v, want %v", tt.src, tt.d, got, tt.simple)
		}
		if diff := diffScripts(Parse(tt.src, tt.d), parse(tt.src, tt.d, false)); diff != "" {
			t.Errorf("%q: fast path differs: %s", tt.src, diff)
		}
	}
}
