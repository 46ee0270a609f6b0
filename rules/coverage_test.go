package rules

import (
	"fmt"
	"testing"
)

// liveHadolintCodes are hadolint's rules that berth must keep: DL3000 to
// DL3067 but the removed DL3005, DL3017, DL3031 and DL3039, DL4000 to
// DL4006 but the never-used DL4002, and DL1001.
func liveHadolintCodes() []string {
	removed := map[int]bool{3005: true, 3017: true, 3031: true, 3039: true}
	codes := []string{"DL1001"}
	for n := 3000; n <= 3067; n++ {
		if !removed[n] {
			codes = append(codes, fmt.Sprintf("DL%d", n))
		}
	}
	for _, n := range []int{4000, 4001, 4003, 4004, 4005, 4006} {
		codes = append(codes, fmt.Sprintf("DL%d", n))
	}
	return codes
}

// buildKitChecks are the build checks of BuildKit v0.34.2 (docker build
// --check). InvalidBaseImagePlatform (BR018) needs the engine's answer and
// runs in the language server only.
var buildKitChecks = []string{
	"StageNameCasing", "FromAsCasing", "NoEmptyContinuation", "ConsistentInstructionCasing",
	"DuplicateStageName", "ReservedStageName", "JSONArgsRecommended", "MaintainerDeprecated",
	"UndefinedArgInFrom", "WorkdirRelativePath", "UndefinedVar", "MultipleInstructionsDisallowed",
	"LegacyKeyValueFormat", "RedundantTargetPlatform", "SecretsUsedInArgOrEnv",
	"InvalidDefaultArgInFrom", "FromPlatformFlagConstDisallowed", "CopyIgnoredFile",
	"InvalidDefinitionDescription", "ExposeProtoCasing", "ExposeInvalidFormat",
	"InvalidBaseImagePlatform",
}

// TestEveryKnownRuleIsHere: a team switching from hadolint or from
// BuildKit's checks finds every rule it knows, by code or by name.
func TestEveryKnownRuleIsHere(t *testing.T) {
	for _, code := range liveHadolintCodes() {
		if r := ByName(code); r == nil || r.Code != code {
			t.Errorf("hadolint's %s is missing", code)
		}
	}
	for _, name := range buildKitChecks {
		if ByName(name) == nil {
			t.Errorf("BuildKit's check %s is missing", name)
		}
	}
}
