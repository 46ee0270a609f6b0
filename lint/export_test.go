package lint

// RunUnitByUnit is RunIncremental computing the findings of every stage
// on its own, as though each had just changed.
func RunUnitByUnit(doc *Document, rules []*Rule, cfg *Config) []Diagnostic {
	unitByUnit = true
	defer func() { unitByUnit = false }()
	ds, _ := RunIncremental(doc, rules, cfg, nil)
	return ds
}
