//go:build race

package cli

// raceEnabled reports whether the race detector is on (it makes linting
// the whole corpus slow, so tests sample it).
const raceEnabled = true
