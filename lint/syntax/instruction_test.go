package syntax

import "testing"

func TestInstructionFlag(t *testing.T) {
	f := Parse([]byte("COPY --from=build --link --from=other a b\nONBUILD RUN --mount=type=cache,target=/c make\n"))
	cp, ob := f.Instructions[0], f.Instructions[1]
	if fl := cp.Flag("from"); fl == nil || fl.Value != "build" {
		t.Errorf(`Flag("from") = %+v, want the first --from, "build"`, fl)
	}
	if fl := cp.Flag("link"); fl == nil || fl.HasValue {
		t.Errorf(`Flag("link") = %+v, want a flag without value`, fl)
	}
	if fl := cp.Flag("chown"); fl != nil {
		t.Errorf(`Flag("chown") = %+v, want nil`, fl)
	}
	if ob.Flag("mount") != nil {
		t.Error("ONBUILD has no flags of its own")
	}
	if fl := ob.Sub.Flag("mount"); fl == nil || fl.Value != "type=cache,target=/c" {
		t.Errorf(`Sub.Flag("mount") = %+v`, fl)
	}
}

func TestInstructionWithTrigger(t *testing.T) {
	f := Parse([]byte("RUN a\nONBUILD RUN b\nONBUILD\n"))
	for i, want := range []int{1, 2, 1} {
		got := f.Instructions[i].WithTrigger()
		if len(got) != want || got[0] != f.Instructions[i] {
			t.Errorf("instruction %d: WithTrigger() = %d instructions, want %d starting with itself", i, len(got), want)
		}
		if want == 2 && got[1] != f.Instructions[i].Sub {
			t.Errorf("instruction %d: second is not the trigger", i)
		}
	}
}
