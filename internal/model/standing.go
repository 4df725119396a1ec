package model

// Case states (ärendestatus) of a body's report for a year.
const (
	CaseMissing   = "missing"   // ej inkommen: nothing received
	CaseNew       = "new"       // ny: a new version is in
	CaseInReview  = "in_review" // under granskning
	CaseRequested = "requested" // komplettering begärd
	CaseCorrected = "corrected" // komplettering inkommen
	CaseApproved  = "approved"  // godkänd
)

// CaseStates lists the case states in the order of the round, with their
// Swedish names.
var CaseStates = []struct{ Key, Label string }{
	{CaseMissing, "ej inkommen"}, {CaseNew, "ny"}, {CaseInReview, "under granskning"},
	{CaseRequested, "komplettering begärd"}, {CaseCorrected, "komplettering inkommen"}, {CaseApproved, "godkänd"},
}

// CaseText is a case state in Swedish.
func CaseText(k string) string { return labelOf(CaseStates, k) }

// Timeliness of a body's report (JSON: timeliness).
const (
	TimelinessMissing = "missing" // ej inkommen
	TimelinessOnTime  = "on_time" // i tid
	TimelinessLate    = "late"    // sen
)

// Timelinesses lists them with their Swedish names.
var Timelinesses = []struct{ Key, Label string }{
	{TimelinessMissing, "ej inkommen"}, {TimelinessOnTime, "i tid"}, {TimelinessLate, "sen"},
}

// Content of a body's current report (JSON: content): errors not
// accepted, only warnings or tips left, or nothing left.
const (
	ContentNone      = "none"      // nothing received to check
	ContentDeficient = "deficient" // brister
	ContentRemarks   = "remarks"   // anmärkningar
	ContentOK        = "ok"        // utan anmärkning
)

// Contents lists them with their Swedish names.
var Contents = []struct{ Key, Label string }{
	{ContentDeficient, "brister"}, {ContentRemarks, "anmärkningar"}, {ContentOK, "utan anmärkning"}, {ContentNone, "inget att granska"},
}

// ContentText is a content standing in Swedish.
func ContentText(k string) string { return labelOf(Contents, k) }

// TimelinessText is a timeliness in Swedish.
func TimelinessText(k string) string { return labelOf(Timelinesses, k) }

func labelOf(list []struct{ Key, Label string }, k string) string {
	for _, s := range list {
		if s.Key == k {
			return s.Label
		}
	}
	return k
}
