package cli

import (
	"sync"

	"github.com/berth-dev/berth/internal/safeio"
	"github.com/berth-dev/berth/lint/buildctx"
)

// readAheadBytes bounds the bytes readAhead holds that no worker has
// taken yet.
const readAheadBytes = 8 << 20

// readAhead reads the files of a run's inputs in order on one goroutine,
// ahead of the workers that lint them, and tells the build-context cache
// each file's size (buildctx.Cache.NoteFile): the walk of a folder's
// build context, which happens when the first Dockerfile of the folder is
// linted, then finds the sizes of the Dockerfiles read ahead instead of
// asking the system for each (an lstat a file: the walk's main cost,
// while the other workers linting files of the folder wait for it).
type readAhead struct {
	inputs []*input
	max    int64
	res    []readResult

	mu sync.Mutex
	// changed is broadcast when a file has been read (read grew) and
	// when one has been taken (ahead shrank).
	changed sync.Cond
	read    int   // inputs[:read] are done with: read, or not to be read
	ahead   int64 // bytes read and not taken
}

type readResult struct {
	data []byte
	err  error
}

// startReadAhead starts reading inputs' files (those with a file to read
// and no error) with the size cap max. Waiting is done on one condition
// over a count, the files being read in order: a channel and a map entry
// an input cost a corpus run (6,268 files) 6 to 9 ms before its first
// lint, one core idle meanwhile.
func startReadAhead(inputs []*input, max int64) *readAhead {
	r := &readAhead{inputs: inputs, max: max, res: make([]readResult, len(inputs))}
	r.changed.L = &r.mu
	go r.run()
	return r
}

func (r *readAhead) run() {
	for i, in := range r.inputs {
		if in.file == "" || in.err != nil {
			r.done(i)
			continue
		}
		r.mu.Lock()
		for r.ahead >= readAheadBytes {
			r.changed.Wait()
		}
		r.mu.Unlock()
		data, size, direct, err := readInputDirect(in.file, r.max)
		if direct {
			buildctx.Default.NoteFile(in.file, size)
		}
		r.res[i] = readResult{data, err}
		r.mu.Lock()
		r.ahead += int64(len(data))
		r.mu.Unlock()
		r.done(i)
	}
}

// done records that inputs[:i+1] are done with.
func (r *readAhead) done(i int) {
	r.mu.Lock()
	r.read = i + 1
	r.mu.Unlock()
	r.changed.Broadcast()
}

// take returns what reading in's file gave (readInput's answer), in
// being the run's input i, waiting for it; read is false for an input
// readAhead does not read (none on a nil readAhead). Each input is taken
// once.
func (r *readAhead) take(i int, in *input) (data []byte, read bool, err error) {
	if r == nil || i < 0 || i >= len(r.inputs) || r.inputs[i] != in || in.file == "" || in.err != nil {
		return nil, false, nil
	}
	r.mu.Lock()
	for r.read <= i {
		r.changed.Wait()
	}
	res := r.res[i]
	r.res[i] = readResult{}
	r.ahead -= int64(len(res.data))
	r.mu.Unlock()
	r.changed.Broadcast()
	return res.data, true, res.err
}

// readInputDirect is readInput, and says besides whether the file was
// read at its own path, not through a link, and its size then (see
// safeio.ReadRegularFileDirect).
func readInputDirect(path string, max int64) (src []byte, size int64, direct bool, err error) {
	src, size, direct, err = safeio.ReadRegularFileDirect(path, max)
	if err != nil {
		return nil, 0, false, inputError(path, err)
	}
	return src, size, direct, nil
}
