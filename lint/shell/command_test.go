package shell

import (
	"slices"
	"strings"
	"testing"
)

// first returns the first command of src, parsed as Bash.
func first(t *testing.T, src string) *Command {
	t.Helper()
	s := Parse(src, Bash)
	checkScript(t, s)
	if len(s.Commands) == 0 {
		t.Fatalf("%q: no command", src)
	}
	return s.Commands[0]
}

func values(ws []Word) string {
	var vs []string
	for _, w := range ws {
		vs = append(vs, w.Value)
	}
	return strings.Join(vs, " ")
}

func TestIs(t *testing.T) {
	for _, tt := range []struct {
		src   string
		names []string
		want  bool
	}{
		{`apt-get install`, []string{"apt-get"}, true},
		{`/usr/bin/apt-get install`, []string{"apt", "apt-get"}, true},
		{`"apt-get" install`, []string{"apt-get"}, true},
		{`apt-get install`, []string{"apt"}, false},
		{`$APT install`, []string{"$APT", ""}, false},
		{`/usr/bin/ x`, []string{""}, false},
	} {
		if got := first(t, tt.src).Is(tt.names...); got != tt.want {
			t.Errorf("%q.Is(%q) = %v", tt.src, tt.names, got)
		}
	}
	if b := first(t, `/opt/py/bin/pip3 install`).Base(); b != "pip3" {
		t.Errorf("Base = %q", b)
	}
}

func TestUnwrapped(t *testing.T) {
	for _, tt := range []struct{ src, want, assigns string }{
		{`apt-get install x`, `apt-get install x`, ``},
		{`sudo apt-get install x`, `apt-get install x`, ``},
		{`sudo -E -u root -- apt-get install x`, `apt-get install x`, ``},
		{`sudo -uroot env DEBIAN_FRONTEND=noninteractive apt-get -y install`, `apt-get -y install`, `DEBIAN_FRONTEND=noninteractive`},
		{`A=1 sudo B=2 nice -n 10 ionice -c3 nohup apt-get update`, `apt-get update`, `A=1 B=2`},
		{`env -i -u HOME - PATH=/bin sh -c x`, `sh -c x`, `PATH=/bin`},
		{`timeout -s KILL 60 curl -fsSL x`, `curl -fsSL x`, ``},
		{`xargs -r -n1 -I{} apt-get install {}`, `apt-get install {}`, ``},
		{`xargs --max-args 1 rm -rf`, `rm -rf`, ``},
		{`gosu app:app pip install x`, `pip install x`, ``},
		{`command -p apt-get install`, `apt-get install`, ``},
		{`exec -a name gunicorn app`, `gunicorn app`, ``},
		{`busybox wget -q x`, `wget -q x`, ``},
		{`eatmydata apt-get install x`, `apt-get install x`, ``},
		{`stdbuf -oL make`, `make`, ``},
		{`command -v apt-get`, `command -v apt-get`, ``},
		{`sudo -l`, `sudo -l`, ``},
		{`sudo`, `sudo`, ``},
		{`env`, `env`, ``},
		{`timeout 10`, `timeout 10`, ``},
		{`sudo $CMD install`, `$CMD install`, ``},
	} {
		c := first(t, tt.src)
		u := c.Unwrapped()
		got := values(append([]Word{u.Name}, u.Args...))
		if got != tt.want || values(u.Assigns) != tt.assigns {
			t.Errorf("%q.Unwrapped() = %q with assigns %q, want %q with %q", tt.src, got, values(u.Assigns), tt.want, tt.assigns)
		}
		if u != c && (u.Range.Start != u.Name.Range.Start || u.Range.End != c.Range.End) {
			t.Errorf("%q: unwrapped range %v", tt.src, u.Range)
		}
		if u.Unwrapped() != u {
			t.Errorf("%q: Unwrapped is not idempotent", tt.src)
		}
	}
}

func TestCalls(t *testing.T) {
	s := Parse(`sudo apt-get update && apt-get install x; sudo -E pip install y; cd /; env sudo cd /x`, POSIX)
	var got []string
	for c := range s.Calls("apt-get", "cd") {
		got = append(got, values(append([]Word{c.Name}, c.Args...)))
	}
	want := []string{"apt-get update", "apt-get install x", "cd /", "cd /x"}
	if !slices.Equal(got, want) {
		t.Errorf("Calls(apt-get, cd) = %q, want %q", got, want)
	}
	n := 0
	for c := range s.Calls("sudo") {
		if !c.Is("sudo") {
			t.Errorf("Calls(sudo) yielded %q", c.Name.Raw)
		}
		n++
	}
	if n != 3 {
		t.Errorf("Calls(sudo) yielded %d commands, want 3", n)
	}
	for range s.Calls("apt-get") {
		break // stopping early must not panic
	}
}

func TestHasFlag(t *testing.T) {
	for _, tt := range []struct {
		src   string
		short string
		long  []string
		want  int
	}{
		{`apt-get install -y x`, "y", []string{"yes", "assume-yes"}, 1},
		{`apt-get install -qy x`, "y", nil, 1},
		{`apt-get install -yq x`, "-y", nil, 1},
		{`apt-get install --yes x`, "y", []string{"yes"}, 1},
		{`apt-get install --assume-yes x`, "y", []string{"--yes", "--assume-yes"}, 1},
		{`apt-get install --yes=true x`, "", []string{"yes"}, 1},
		{`apt-get install -y=1 x`, "y", nil, 1},
		{`apt-get install x`, "y", []string{"yes"}, 0},
		{`apt-get install -- -y`, "y", nil, 0},
		{`apt-get install yes`, "y", []string{"yes"}, 0},
		{`apt-get -qq install`, "q", []string{"quiet"}, 2},
		{`apt-get -q -q --quiet install`, "q", []string{"quiet"}, 3},
		{`apt-get -oAPT::Get::Assume-Yes=yes install`, "y", nil, 0},
		{`apt-get -oAPT::Get::Assume-Yes=yes install`, "o", nil, 1},
		{`wget -nv x`, "nv", nil, 1},
		{`wget -nv x`, "v", nil, 1},
		{`wget -nvx x`, "nv", nil, 0},
		{`apt-get "-y" install`, "y", nil, 1},
		{`apt-get $FLAGS install`, "y", nil, 0},
		{`echo -`, "y", nil, 0},
	} {
		c := first(t, tt.src)
		if got := c.CountFlag(tt.short, tt.long...); got != tt.want {
			t.Errorf("%q.CountFlag(%q, %q) = %d, want %d", tt.src, tt.short, tt.long, got, tt.want)
		}
		if got := c.HasFlag(tt.short, tt.long...); got != (tt.want > 0) {
			t.Errorf("%q.HasFlag(%q, %q) = %v", tt.src, tt.short, tt.long, got)
		}
	}
}

func TestFlagValue(t *testing.T) {
	for _, tt := range []struct {
		src   string
		short string
		long  []string
		want  string // value, or "-" for none
		raw   string
	}{
		{`useradd -u 1000 app`, "u", []string{"uid"}, "1000", "1000"},
		{`useradd -lu 1000 app`, "u", []string{"uid"}, "1000", "1000"},
		{`useradd -u1000 app`, "u", []string{"uid"}, "1000", "1000"},
		{`useradd --uid=1000 app`, "u", []string{"uid"}, "1000", "1000"},
		{`useradd --uid 1000 app`, "u", []string{"uid"}, "1000", "1000"},
		{`useradd "--uid=10 00" app`, "u", []string{"uid"}, "10 00", `"--uid=10 00"`},
		{`useradd -q=2`, "q", nil, "2", "2"},
		{`useradd app`, "u", []string{"uid"}, "-", ""},
		{`useradd -u`, "u", nil, "-", ""},
		{`java -jar app.jar`, "jar", nil, "app.jar", "app.jar"},
		{`x -- -u 1`, "u", nil, "-", ""},
	} {
		c := first(t, tt.src)
		w, ok := c.FlagValue(tt.short, tt.long...)
		if !ok {
			if tt.want != "-" {
				t.Errorf("%q.FlagValue(%q): none, want %q", tt.src, tt.short, tt.want)
			}
			continue
		}
		if w.Value != tt.want || w.Raw != tt.raw || tt.src[w.Range.Start:w.Range.End] != w.Raw {
			t.Errorf("%q.FlagValue(%q) = %+v, want value %q raw %q", tt.src, tt.short, w, tt.want, tt.raw)
		}
	}
}

func TestNonFlagArgs(t *testing.T) {
	apt := []string{"o", "--option", "t", "target-release", "c"}
	for _, tt := range []struct {
		src    string
		valued []string
		want   string
		sub    int
	}{
		{`apt-get -y install curl git`, nil, `install curl git`, 1},
		{`apt-get -o Dpkg::Use-Pty=0 install x`, apt, `install x`, 2},
		{`apt-get -o Dpkg::Use-Pty=0 install x`, nil, `Dpkg::Use-Pty=0 install x`, 1},
		{`apt-get --option=a=b -qyo x install -t bookworm-backports y`, apt, `install y`, 3},
		{`apt-get -oa=b install x`, apt, `install x`, 1},
		{`apt-get --option a install - -- -x`, apt, `install - -x`, 2},
		{`pip install -i https://x --no-cache-dir -r req.txt .`, []string{"i", "r", "index-url"}, `install .`, 0},
		{`find . -name x -type f`, []string{"-name", "-type"}, `.`, 0},
		{`apt-get -y`, nil, ``, -1},
	} {
		c := first(t, tt.src)
		if got := values(c.NonFlagArgs(tt.valued...)); got != tt.want {
			t.Errorf("%q.NonFlagArgs(%q) = %q, want %q", tt.src, tt.valued, got, tt.want)
		}
		w, i, ok := c.Subcommand(tt.valued...)
		if tt.sub < 0 {
			if ok {
				t.Errorf("%q.Subcommand: got %q, want none", tt.src, w.Value)
			}
			continue
		}
		if !ok || i != tt.sub || w.Value != c.Args[tt.sub].Value {
			t.Errorf("%q.Subcommand(%q) = %q, %d, %v; want index %d", tt.src, tt.valued, w.Value, i, ok, tt.sub)
		}
		// After the subcommand: the operands that follow it.
		want := strings.TrimPrefix(strings.TrimPrefix(tt.want, w.Value), " ")
		if got := values(c.NonFlagArgsAfter(i, tt.valued...)); got != want {
			t.Errorf("%q.NonFlagArgsAfter(%d, %q) = %q, want %q", tt.src, i, tt.valued, got, want)
		}
	}
}

func TestFromAndHasArg(t *testing.T) {
	c := first(t, `A=1 python3 -m pip install --no-cache-dir x`)
	p := c.From(1)
	if p == nil || !p.Is("pip") || values(p.Args) != "install --no-cache-dir x" || values(p.Assigns) != "A=1" {
		t.Fatalf("From(1) = %+v", p)
	}
	if !p.HasFlag("", "no-cache-dir") || p.Range.Start != c.Args[1].Range.Start || p.Range.End != c.Range.End {
		t.Errorf("From(1): %+v", p)
	}
	if c.From(-1) != nil || c.From(len(c.Args)) != nil {
		t.Error("From out of range is not nil")
	}
	rm := first(t, `rm -rf /var/lib/apt/lists/*`)
	if !rm.HasArg("/tmp", "/var/lib/apt/lists/*") || rm.HasArg("-r") {
		t.Error("HasArg")
	}
}
