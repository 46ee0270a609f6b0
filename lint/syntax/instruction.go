package syntax

// Flag returns the instruction's first flag with the given name (without
// dashes: "from", "mount"), or nil.
func (ins *Instruction) Flag(name string) *Flag {
	for _, f := range ins.Flags {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// WithTrigger returns the instruction and, for an ONBUILD, the
// instruction it triggers.
func (ins *Instruction) WithTrigger() []*Instruction {
	if ins.Cmd == "onbuild" && ins.Sub != nil {
		return []*Instruction{ins, ins.Sub}
	}
	return []*Instruction{ins}
}
