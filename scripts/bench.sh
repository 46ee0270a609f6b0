#!/usr/bin/env bash
# scripts/bench.sh prints the table of docs/performance.md: each row's
# berth figure beside its peer's, measured in the same run (absolute
# times on shared machines drift; the ratios hold). Public tools only: go
# test -bench, GNU time, shellcheck, node (optional).
#
#   scripts/bench.sh            # CORPUS=../shared/corpus LSPBENCH=../shared/tools/lspbench
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-$PWD/../shared/corpus}
LSPBENCH=${LSPBENCH:-$PWD/../shared/tools/lspbench}
RUNS=${RUNS:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/berth" ./cmd/berth
mkdir -p "$tmp/hello"
printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hello\\n") }\n' >"$tmp/hello/main.go"
(cd "$tmp/hello" && printf 'module hello\ngo 1.26\n' >go.mod && CGO_ENABLED=0 go build -o "$tmp/hello/hello" .)

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# ms A B CMD...: wall ms of one run of CMD
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo "scale=2; ($t1-$t0)/1000000" | bc; }

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); }

# 1. Start-up: one small file, process start to exit, berth and a Go
# hello-world in turn.
printf 'FROM alpine:3.19\nRUN apk add --no-cache curl\nCMD ["sh"]\n' >"$tmp/small.Dockerfile"
: >"$tmp/a"; : >"$tmp/b"
for _ in $(seq "$RUNS"); do
	ms "$tmp/berth" lint --shellcheck off "$tmp/small.Dockerfile" >>"$tmp/a"
	ms "$tmp/hello/hello" >>"$tmp/b"
done
row "one small file, process start to exit (ShellCheck off), median of $RUNS" "$(median <"$tmp/a") ms" "Go hello-world $(median <"$tmp/b") ms" "under 5 ms"

# 2. Language server: CPU per edit of the 3,600-line file, in-process.
python3 "$LSPBENCH/gen-big.py" >"$tmp/big.Dockerfile"
edit=$(BERTH_BENCH_FILE="$tmp/big.Dockerfile" go test -run '^$' -bench EditBigFile -benchtime 20x -count 3 ./lsp | awk '/cpu-ms/ {for (i=1;i<=NF;i++) if ($(i+1)=="cpu-ms/op") print $i}' | median)
row "language server, 3,600-line file, CPU per edit (BenchmarkEditBigFile)" "$edit ms" "-" "under 5 ms"
if (cd "$LSPBENCH" && go build -o "$tmp/lspbench" . 2>/dev/null); then
	b=$("$tmp/lspbench" -name berth -file "$tmp/big.Dockerfile" -edits 20 -- "$tmp/berth" lsp | sed -n 's/.*"edit_p50_ms":\([0-9.]*\).*/\1/p')
	n="not installed"
	if [ -x "${NODE_LS:-}" ]; then
		n=$("$tmp/lspbench" -name node -file "$tmp/big.Dockerfile" -edits 10 -wait 20s -- "$NODE_LS" --stdio | sed -n 's/.*"edit_p50_ms":\([0-9.]*\).*/\1/p')" ms"
	fi
	row "language server, 3,600-line file, edit to diagnostics p50 (lspbench)" "$b ms" "node server $n" "under 10 ms, 20x faster than node"
fi

# 3. The CLI over the corpus (ShellCheck off) and BuildKit's checks
# in-process, both on GOMAXPROCS workers.
cli=$(go test -run '^$' -bench 'LintCorpus$' -benchtime 3x -count 3 ./cmd/berth | awk '/ns\/op/ {print $3/1e9}' | median)
bk=$(go test -run '^$' -bench 'CorpusBuildKit$' -benchtime 3x -count 3 ./rules | awk '/ns\/op/ {print $3/1e9}' | median)
find "$CORPUS" -type f ! -path '*/templates/*' ! -path '*/fragments/*' ! -name '*.md' ! -name '*__result' | sort >"$tmp/files"
peak=$(/usr/bin/time -f %M "$tmp/berth" lint --no-fail --shellcheck off $(cat "$tmp/files") 2>&1 >/dev/null | tail -1)
row "berth lint over the corpus ($(wc -l <"$tmp/files") files, ShellCheck off), $(nproc) workers" "$cli s, peak $((peak / 1024)) MB" "BuildKit's checks in-process $bk s" "3x faster, under 100 MB"

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
