package syntax

import (
	"reflect"
	"testing"
)

// TestSharedPartsStayEmpty: the instructions without flags, pairs,
// comments and the like share noParts; no parse, fresh or incremental,
// writes to it.
func TestSharedPartsStayEmpty(t *testing.T) {
	src := []byte("# c\nFROM a AS b\nRUN plain\nRUN x \\\n  # inner\n\n  && y\nCOPY --from=b <<EOF /x\nbody\nEOF\nONBUILD RUN z\nENV A 1\nCMD [\"a\"]\nFORM x\nRUN <<EOF\n")
	prev := Parse(src)
	shared := 0
	for _, ins := range prev.Instructions {
		if ins.Parts == noParts {
			shared++
		}
	}
	if shared == 0 {
		t.Error("no instruction shares the empty Parts")
	}
	for _, edited := range []string{"RUN first\n" + string(src), "# above\n" + string(src), "\n\n" + string(src)} {
		prev = ParseIncremental([]byte(edited), prev)
	}
	if !reflect.DeepEqual(*noParts, Parts{}) {
		t.Errorf("the shared empty Parts was written: %+v", *noParts)
	}
}
