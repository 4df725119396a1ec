package web

import (
	"regexp"
	"strings"
	"testing"
)

// TestPagesUseSwedishFormats: the report page of a late report says how
// late it was, times read "kl. 09.15", counts are grouped with a narrow
// no-break space, the source is Swedish, and the finding codes sit in a
// title attribute, not in the message.
func TestPagesUseSwedishFormats(t *testing.T) {
	e := newTestEnv(t)
	c := e.clientAs(t, "anna")
	var skane int64
	mustGet(t, e.st.DB(), &skane, `SELECT id FROM submissions WHERE organisation = 'skane'`)
	_, body := c.get("/inlamning/" + itoa(skane))
	for _, want := range []string{"för sent)", "<dd>fil</dd>", `title="Kod: late"`} {
		if !strings.Contains(body, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	if m := regexp.MustCompile(`Inkom \d+ dag(ar)? för sent`).FindString(body); m == "" {
		t.Error("report page does not say how many days late")
	}
	if regexp.MustCompile(`\d\d:\d\d`).MatchString(body) {
		t.Errorf("a time with a colon: %s", regexp.MustCompile(`.{30}\d\d:\d\d.{10}`).FindString(body))
	}
	if !regexp.MustCompile(`\d{4}-\d\d-\d\d kl\. \d\d\.\d\d`).MatchString(body) {
		t.Error("no time written as 2024-02-22 kl. 00.03")
	}
	if strings.Contains(body, "[late]") || strings.Contains(body, ">file ") {
		t.Error("English code tag or source in the page")
	}
	if !regexp.MustCompile(`<td class="num">\d+\x{202f}\d{3}</td>`).MatchString(body) {
		t.Error("no limit grouped with U+202F")
	}
}
