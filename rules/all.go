// Package rules holds berth's checks, one file per rule. All returns them
// for the engine in package lint.
package rules

import (
	"slices"
	"sort"
	"sync"

	"github.com/berth-dev/berth/lint"
)

// registry lists every rule, one line each.
var registry = []*lint.Rule{
	BR002,
	BR003,
	BR004,
	BR005,
	BR006,
	BR007,
	BR008,
	BR009,
	BR010,
	BR011,
	BR012,
	BR013,
	BR014,
	BR015,
	BR016,
	DL3003,
	DL3004,
	DL3008,
	DL3009,
	DL3014,
	DL3015,
	DL3018,
	DL3019,
	DL3027,
	DL3030,
	DL3032,
	DL3033,
	DL3059,
	DL4005,
	DL4006,
	DL1001,
	DL3066,
	DL3064,
	DL3057,
	DL3049,
	DL3058,
	DL3056,
	DL3055,
	DL3054,
	DL3053,
	DL3052,
	DL3051,
	DL3050,
	DL3048,
	DL3000,
	DL4003,
	DL4004,
	DL3012,
	DL3061,
	DL3002,
	DL3029,
	DL3065,
	DL3045,
	DL3044,
	DL3026,
	DL3067,
	DL3043,
	DL3063,
	DL3024,
	DL3023,
	DL3022,
	DL3006,
	DL3007,
	BR001,
	DL3025,
	DL3021,
	DL3011,
	DL1000,
	DL3020,
	DL4000,
	DL3001,
	DL3010,
	DL3013,
	DL3016,
	DL3028,
	DL3034,
	DL3035,
	DL3036,
	DL3037,
	DL3038,
	DL3040,
	DL3041,
	DL3042,
	DL3046,
	DL3047,
	DL3060,
	DL3062,
	DL4001,
	BR017,
	BR030,
	BR031,
	BR018,
	BR040,
	BR041,
	BR042,
	BR043,
	BR044,
	BR900,
}

var prepare sync.Once

// All returns every rule, sorted by code, with its URL and the means to
// read its documentation on demand (lint.Rule.Documentation): linting
// never shows it, and reading every rule's pages was 4% of a small run.
func All() []*lint.Rule {
	prepare.Do(func() {
		sort.Slice(registry, func(i, j int) bool { return registry[i].Code < registry[j].Code })
		for _, r := range registry {
			attachDocs(r)
			r.StageLocal = slices.Contains(stageLocal, r.Code)
		}
	})
	return registry
}

// ByName finds a rule by code, name or alias, ignoring case.
func ByName(name string) *lint.Rule {
	for _, r := range All() {
		if r.Matches(name) {
			return r
		}
	}
	return nil
}
