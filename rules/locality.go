package rules

// stageLocal lists the rules whose findings in a stage depend only on the
// text before the first FROM, the stage's own text and that of the
// stages it builds on or copies from (see lint.Rule.StageLocal): the
// language server runs them again only over the stages an edit changed.
//
// The others look further:
//   - at every stage: BR004 (the casing most instructions use), DL3024
//     (names used twice);
//   - at which stage is last or ships: DL3002, DL3010, DL3049, DL3057,
//     DL3066;
//   - at the file as a whole: DL1000, DL1001, DL3061, BR014 (the comment
//     above a FROM ends the stage before it);
//   - at the lines of other instructions, which their messages name: BR006,
//     DL3012, DL4001, DL4003, DL4004 (an edit above would change
//     the line numbers of the stage's findings);
//   - at files beside the Dockerfile, which change without an edit:
//     BR011, BR040 to BR044.
//
// Some of those are split (lint.Split): a stage-local part, and a cheap
// whole-file part that the language server runs over its findings on
// every edit: BR002 (the references to the stage, which its fix renames
// too, may be anywhere), DL3009, DL3032, DL3036, DL3040, DL3042 and
// DL3060 (whether the RUN's stage ships: a cache left in a layer only
// matters in an image).
//
// TestStageLocalRules (in lint) checks the list over the corpus: every
// file's findings are the same run whole and stage by stage.
var stageLocal = []string{
	"BR001", "BR003", "BR005", "BR007", "BR008", "BR009", "BR010",
	"BR012", "BR013", "BR015", "BR016", "BR017", "BR018", "BR030", "BR031",
	"DL3000", "DL3001", "DL3003", "DL3004", "DL3006", "DL3007", "DL3008",
	"DL3011", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018",
	"DL3019", "DL3020", "DL3021", "DL3022", "DL3023", "DL3025", "DL3026",
	"DL3027", "DL3028", "DL3029", "DL3030", "DL3033", "DL3034",
	"DL3035", "DL3037", "DL3038", "DL3041",
	"DL3043", "DL3044", "DL3045", "DL3046", "DL3047", "DL3048", "DL3050",
	"DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058",
	"DL3059", "DL3062", "DL3063", "DL3064", "DL3065", "DL3067", "DL4000",
	"DL4005", "DL4006",
}
