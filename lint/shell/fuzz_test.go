package shell

import (
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, keeps its ranges inside Src and
// ordered, and that the splitter's fast path agrees with the shell parser.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		``,
		`apt-get update && apt-get install -y --no-install-recommends curl=7.* && rm -rf /var/lib/apt/lists/*`,
		`set -eux; echo "cd /tmp" | grep -q x; (cd /src && make -j"$(nproc)") || true # cd x`,
		`DEBIAN_FRONTEND=noninteractive sudo -E env A=1 apt-get -qqy -o Dpkg::Options::=--force-confnew install x`,
		"cat <<'EOF' > /etc/x && echo ok\nbody $(cd /)\nEOF\nls",
		`echo "unclosed && apt-get install x | tee`,
		`bash -o pipefail -c "apt-get install $PKG | cat" && sh -c 'cd /x'`,
		`export A=1 B=$(cd /y) C; if [ -f x ]; then yum install -y a; elif true; then :; else dnf clean all; fi`,
		"for i in $(ls); do echo $i; done\ncase $x in a|b) cd / ;; (*) : ;; esac",
		`echo ${FOO:-${BAR}} ${#X} ${X%%.*} "${A[@]}" $'\n' $"t" ` + "`id -u`",
		`[[ -f x && $a == b* ]] && ls &> /dev/null; f() { cd /; }; { a; b; } | c |& d`,
		`pip install -r req.txt && python -m pip install --no-cache-dir "x>=1" && npm i -g y@1`,
		`useradd -l -u 100000 app && wget -nv -O- https://x | tar -xz -C /opt`,
		"a \\\n b\\\nc 2>&1 >>/log <in 3<>f {fd}>x >| y",
		"echo a\x00b; \xff\xfe `",
		`((i++)); let x=1; a=(1 2); a+=3; x[1]=y; time -p ls; ! ls; coproc ls`,
		`$(( $(cd /) + 1 )) $( (cd /) ) <(cd /) >(ls)`,
		`;; && || | & ; ( ) { } $( ${ " ' \`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, d := range []Dialect{Bash, POSIX, Mksh} {
			s := Parse(src, d)
			checkScript(t, s)
			s.HasPipe()
			s.SetsPipefail()
			for _, c := range s.Commands {
				c.HasFlag("y", "yes")
				c.NonFlagArgs("o", "option")
				c.Subcommand()
				c.FlagValue("u", "uid")
				c.From(0)
				c.Unwrapped().SetsPipefail()
			}
			if d == Mksh || !utf8.ValidString(src) || len(src) > maxParse || tooDeep(src) {
				continue
			}
			b := &builder{src: src, text: src}
			if b.splitSimple(0, len(src), d) {
				if diff := diffScripts(Parse(src, d), parse(src, d, false)); diff != "" {
					t.Errorf("%v: fast path differs from the shell parser: %s", d, diff)
				}
			}
		}
	})
}
