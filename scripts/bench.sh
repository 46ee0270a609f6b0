#!/usr/bin/env bash
# scripts/bench.sh prints the table of docs/performance.md: each row's
# berth figure beside its peer's, measured in the same run (absolute
# times on shared machines drift; the ratios hold). Public tools only: go
# test -bench, GNU time, shellcheck, node (optional).
#
#   scripts/bench.sh            # CORPUS=../shared/corpus
#
# The language server rows drive berth with tools/lspbench (built from
# this repository): whole-text edits, and a line typed at 20 characters a
# second with hover and completion requests while typing. The node peer
# is optional; to add it, install it once and point NODE_LS at it (else
# docker-langserver on PATH is used):
#
#   npm install --prefix /tmp/peer dockerfile-language-server-nodejs
#   NODE_LS=/tmp/peer/node_modules/.bin/docker-langserver scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-$PWD/../shared/corpus}
NODE_LS=${NODE_LS:-$(command -v docker-langserver || true)}
RUNS=${RUNS:-300}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# berth, and beside it berth-engine, which berth hands "berth lsp" to.
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/" ./cmd/berth ./cmd/berth-engine
# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# ms CMD...: wall ms of one run of CMD (for runs of seconds: the two date
# processes around it cost a millisecond or two)
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo "scale=2; ($t1-$t0)/1000000" | bc; }

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); }

# 1. Start-up: "berth lint" on a three-line Dockerfile, process start to
# exit, a Go hello-world, and a program that links BuildKit's parser and
# does nothing, all built static and stripped, each run RUNS times in one
# go test (BenchmarkStartup: the median of each).
# p50 NAME: the p50-ms of sub-benchmark NAME on stdin
p50() { awk -v n="^BenchmarkStartup/$1-[0-9]+\$" '$1 ~ n {for (i=1;i<=NF;i++) if ($(i+1)=="p50-ms") print $i}'; }
go test -run '^$' -bench Startup -benchtime "${RUNS}x" ./cmd/berth >"$tmp/startup.txt"
row "one small file, process start to exit (ShellCheck off), median of $RUNS (BenchmarkStartup)" "$(p50 berth <"$tmp/startup.txt") ms" "Go hello-world $(p50 hello <"$tmp/startup.txt") ms; a program linking BuildKit's parser alone $(p50 parser-only <"$tmp/startup.txt") ms" "under 5 ms"

# 2. Language server: CPU per edit of the 3,600-line file, in-process;
# then over stdio, berth and the node server in turn (lspbench): edit to
# diagnostics, and a line typed at 20 characters a second (keystroke to
# diagnostics, hover and completion while typing).
python3 tools/lspbench/gen-big.py >"$tmp/big.Dockerfile"
edit=$(BERTH_BENCH_FILE="$tmp/big.Dockerfile" go test -run '^$' -bench EditBigFile -benchtime 200x -count 3 ./lsp | awk '/cpu-ms/ {for (i=1;i<=NF;i++) if ($(i+1)=="cpu-ms/op") print $i}' | median)
row "language server, 3,600-line file, CPU per edit (BenchmarkEditBigFile)" "$edit ms" "-" "under 5 ms"
go build -o "$tmp/lspbench" ./tools/lspbench
# field NAME: the number NAME of lspbench's JSON line on stdin
field() { sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p"; }
# A client that can pulls diagnostics when the server offers them, as VS
# Code does (lspbench -pull auto); Neovim waits for publications (-pull
# off): both are measured.
"$tmp/lspbench" -name berth -file "$tmp/big.Dockerfile" -settle 10s -wait 30s -edits 40 -- "$tmp/berth" lsp >"$tmp/be.json"
"$tmp/lspbench" -name berth-push -pull off -file "$tmp/big.Dockerfile" -settle 10s -wait 30s -edits 40 -- "$tmp/berth" lsp >"$tmp/bp.json"
"$tmp/lspbench" -name berth -file "$tmp/big.Dockerfile" -settle 10s -type -cps 20 -wait 30s -- "$tmp/berth" lsp >"$tmp/bt.json"
"$tmp/lspbench" -name berth-push -pull off -file "$tmp/big.Dockerfile" -settle 10s -type -cps 20 -wait 30s -- "$tmp/berth" lsp >"$tmp/bq.json"
ne="not installed" nt="not installed" nh="not installed"
if [ -n "$NODE_LS" ] && [ -x "$NODE_LS" ]; then
	"$tmp/lspbench" -name node -file "$tmp/big.Dockerfile" -settle 10s -edits 20 -wait 30s -- "$NODE_LS" --stdio >"$tmp/ne.json"
	"$tmp/lspbench" -name node -file "$tmp/big.Dockerfile" -settle 10s -type -cps 20 -wait 60s -- "$NODE_LS" --stdio >"$tmp/nt.json"
	ne="node server $(field edit_p50_ms <"$tmp/ne.json") / $(field edit_p90_ms <"$tmp/ne.json") ms"
	nt="node server $(field type_p50_ms <"$tmp/nt.json") / $(field type_p90_ms <"$tmp/nt.json") ms"
	nh="node server $(field hover_p50_ms <"$tmp/nt.json") / $(field hover_p90_ms <"$tmp/nt.json"), $(field completion_p50_ms <"$tmp/nt.json") / $(field completion_p90_ms <"$tmp/nt.json") ms"
fi
row "language server, 3,600-line file, whole-text edit to diagnostics p50 / p90 (lspbench), pulled; published" "$(field edit_p50_ms <"$tmp/be.json") / $(field edit_p90_ms <"$tmp/be.json") ms; $(field edit_p50_ms <"$tmp/bp.json") / $(field edit_p90_ms <"$tmp/bp.json") ms" "$ne" "under 10 ms, 20x faster than node"
row "language server, the same file, typing at 20 chars/s, keystroke to diagnostics p50 / p90 (lspbench -type), pulled; published" "$(field type_p50_ms <"$tmp/bt.json") / $(field type_p90_ms <"$tmp/bt.json") ms; $(field type_p50_ms <"$tmp/bq.json") / $(field type_p90_ms <"$tmp/bq.json") ms" "$nt" "under 10 ms"
row "language server, while typing, hover p50 / p90, completion p50 / p90 (lspbench -type)" "$(field hover_p50_ms <"$tmp/bt.json") / $(field hover_p90_ms <"$tmp/bt.json"), $(field completion_p50_ms <"$tmp/bt.json") / $(field completion_p90_ms <"$tmp/bt.json") ms" "$nh" "under 10 ms"
cat "$tmp"/b[eptq].json "$tmp"/n[et].json >&2 2>/dev/null || true

# 3. The CLI over the corpus (ShellCheck off) and BuildKit's checks
# in-process, both on GOMAXPROCS workers, both benchmarks looping on b.N
# and so timed alike, two ways: one pass in a fresh process (-benchtime
# 1x: what a run of berth lint is, first page faults and all), fifteen
# rounds; and the steady state (-benchtime 3x: the testing package runs a
# pass first, untimed, then times three), five rounds.
# The two take turns, so that a drift of the machine's speed during the
# row touches both alike; the medians are compared.
go test -c -o "$tmp/cli.test" ./internal/cli
go test -c -o "$tmp/rules.test" ./rules
# corpus N ROUNDS: the medians of berth's and BuildKit's seconds a pass,
# with -benchtime Nx, ROUNDS rounds taking turns
corpus() {
	: >"$tmp/cli.txt"
	: >"$tmp/bk.txt"
	for _ in $(seq "$2"); do
		(cd internal/cli && "$tmp/cli.test" -test.run '^$' -test.bench 'LintCorpus$' -test.benchtime "$1x") | awk '/ns\/op/ {print $3/1e9}' >>"$tmp/cli.txt"
		(cd rules && "$tmp/rules.test" -test.run '^$' -test.bench 'CorpusBuildKit$' -test.benchtime "$1x") | awk '/ns\/op/ {print $3/1e9}' >>"$tmp/bk.txt"
	done
	echo "$(median <"$tmp/cli.txt") $(median <"$tmp/bk.txt")"
}
read -r cold bkcold < <(corpus 1 15)
read -r steady bksteady < <(corpus 3 5)
ratio() { echo "scale=2; $2 / $1" | bc; }
find "$CORPUS" -type f ! -path '*/templates/*' ! -path '*/fragments/*' ! -name '*.md' ! -name '*__result' | sort >"$tmp/files"
peak=$(/usr/bin/time -f %M "$tmp/berth" lint --no-fail --shellcheck off $(cat "$tmp/files") 2>&1 >/dev/null | tail -1)
row "berth lint over the corpus ($(wc -l <"$tmp/files") files, ShellCheck off), $(nproc) workers: one pass from a fresh process (15 rounds); steady (5 rounds)" "$cold s ($(ratio "$cold" "$bkcold")x); $steady s ($(ratio "$steady" "$bksteady")x); peak $((peak / 1024)) MB" "BuildKit's checks in-process $bkcold s; $bksteady s" "3x faster, under 100 MB"

# 4. ShellCheck: berth lint over the first 500 files, and shellcheck
# itself over the scripts berth gives it (200 a process, one per core).
if command -v shellcheck >/dev/null; then
	head -500 "$tmp/files" >"$tmp/files500"
	BERTH_SC_FILES="$tmp/files500" BERTH_SC_DUMP="$tmp/sc" go test -count=1 -run TestDumpShellCheckScripts ./rules >/dev/null
	: >"$tmp/a"; : >"$tmp/b"
	for _ in 1 2 3; do
		ms "$tmp/berth" lint --no-fail $(cat "$tmp/files500") >>"$tmp/a"
		ms sh -c "ls $tmp/sc/*/*.sh | xargs -n 200 -P $(nproc) shellcheck --norc --format=json1 --shell=sh --exclude=SC1090,SC1091" >>"$tmp/b"
	done
	row "berth lint, first 500 corpus files, ShellCheck on" "$(median <"$tmp/a") ms" "shellcheck over their $(ls "$tmp"/sc/*/*.sh | wc -l) RUN scripts $(median <"$tmp/b") ms" "within 1.5x"
fi

echo "$(date -u +%F), $(nproc) cores, $(go version | cut -d' ' -f3)"
echo
echo "| work | berth | peer | target |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
