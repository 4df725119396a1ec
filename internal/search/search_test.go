package search

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/search/query"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var serial int

// addReport stores a body's new version of a year (superseding the
// current one) with one check run holding these answers, as the intake
// does, and returns the submission.
func addReport(t testing.TB, st *store.Store, org string, year int, answers ...string) int64 {
	t.Helper()
	ctx := context.Background()
	serial++
	sum := sha256.Sum256([]byte(fmt.Sprint(serial, org, year, answers)))
	sha := hex.EncodeToString(sum[:])
	at := time.Date(year+1, 2, 10, 9, 0, serial%60, 0, time.UTC)
	var id int64
	err := st.InTx(ctx, func(tx *sqlx.Tx) error {
		msg, err := store.CreateMessage(ctx, tx, &model.Message{SHA256: sha, Format: "docx", ReceivedAt: at, Source: "file", StoredAt: at}, []byte(sha))
		if err != nil {
			return err
		}
		v, err := store.NextVersion(ctx, tx, org, year)
		if err != nil {
			return err
		}
		id, err = store.CreateSubmission(ctx, tx, &model.Submission{MessageID: msg, Organisation: org, MatchedBy: "text", Year: year,
			Version: v, State: model.StateCurrent, DocxSHA256: sha, ReceivedAt: at, CreatedAt: at})
		if err != nil {
			return err
		}
		_, err = store.CreateRun(ctx, tx, store.RunInfo{Submission: id, RunAt: at, Reason: "ingest"}, result(answers...))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// result is a check result with answers given as "1.1=text".
func result(answers ...string) *model.Result {
	res := &model.Result{Template: "2023"}
	for _, a := range answers {
		q, text, _ := strings.Cut(a, "=")
		res.Questions = append(res.Questions, model.Answer{ID: q, Status: model.Answered, Chars: len([]rune(text)), Text: text, Found: true})
	}
	return res
}

func search(t testing.TB, st *store.Store, input string, f store.SearchFilter) *Results {
	t.Helper()
	q, err := query.Parse(input)
	if err != nil {
		t.Fatalf("Parse(%q): %v", input, err)
	}
	res, err := Run(context.Background(), st, q, f, 0)
	if err != nil {
		t.Fatalf("search %q: %v", input, err)
	}
	return res
}

// where lists the hits as "org year vN question", in rank order.
func where(res *Results) []string {
	var out []string
	for _, g := range res.Groups {
		for _, h := range g.Hits {
			out = append(out, fmt.Sprintf("%s %d v%d %s", g.Organisation, g.Year, g.Version, h.Question))
		}
	}
	return out
}

func marked(h Hit) []string {
	var out []string
	for _, s := range h.Snippet {
		if s.Match {
			out = append(out, s.Text)
		}
	}
	return out
}

func TestSwedishLetters(t *testing.T) {
	st := openStore(t)
	addReport(t, st, "skane", 2023, "1.1=Länet satsar på landsbygden.", "1.2=Ett LAN byggs för skolorna.", "1.3=Åre och Älvdalen får stöd; öar i skärgården.")
	for _, tc := range []struct {
		q    string
		want []string
	}{
		// å, ä, ö are letters of their own: lan is not län, län is not lan
		{"lan", []string{"1.2"}},
		{"län", nil},
		{"län*", []string{"1.1"}},
		{"LÄNET", []string{"1.1"}},
		{"lan*", []string{"1.1", "1.2"}}, // landsbygden and LAN
		// case folds for å, ä, ö too
		{"åre", []string{"1.3"}},
		{"ÅRE", []string{"1.3"}},
		{"are", nil},
		{"ÄLVDALEN", []string{"1.3"}},
		{"alvdalen", nil},
		{"Öar", []string{"1.3"}},
		{"oar", nil},
		{"STÖD", []string{"1.3"}},
		{"stod", nil},
	} {
		res := search(t, st, tc.q, store.SearchFilter{})
		var got []string
		for _, g := range res.Groups {
			for _, h := range g.Hits {
				got = append(got, h.Question)
			}
		}
		sort.Strings(got)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%q found %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestPhraseAndPrefix(t *testing.T) {
	st := openStore(t)
	addReport(t, st, "skane", 2023,
		"5.1=Arbetet utgår från länets strategi för smart specialisering.",
		"5.2=Specialisering är smart, menar vi.",
		"4.1=Kompetensförsörjningen är länets största utmaning.",
		"4.2=Regional kompetens behövs.",
		"4.3=Vi har kompetent personal.")
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{`"smart specialisering"`, []string{"5.1"}},
		{`smart specialisering`, []string{"5.1", "5.2"}},
		{`"specialisering smart"`, nil},
		{`"smart spec*"`, []string{"5.1"}},
		{`kompetens`, []string{"4.2"}},
		{`kompetens*`, []string{"4.1", "4.2"}},
		{`kompeten*`, []string{"4.1", "4.2", "4.3"}},
		{`"regional kompetens*"`, []string{"4.2"}},
		{`kompetens* länets`, []string{"4.1"}},
		// what would be FTS syntax is only text, never an error
		{`kompetens NEAR regional`, nil},
		{`"kompetens`, []string{"4.2"}},
		{`-kompetens`, []string{"4.2"}},
		{`smart OR kompetens`, nil},
	} {
		res := search(t, st, tc.q, store.SearchFilter{})
		var got []string
		for _, g := range res.Groups {
			for _, h := range g.Hits {
				got = append(got, h.Question)
			}
		}
		sort.Strings(got)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%q found %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestSnippets(t *testing.T) {
	st := openStore(t)
	long := strings.Repeat("Inledande ord om arbetet. ", 30) + "Här nämns <b>smart specialisering</b> & annat. " + strings.Repeat("Avslutande ord om läget. ", 30)
	addReport(t, st, "skane", 2023, "5.1="+long)
	res := search(t, st, `"smart specialisering"`, store.SearchFilter{})
	if len(res.Groups) != 1 || len(res.Groups[0].Hits) != 1 {
		t.Fatalf("hits %v", where(res))
	}
	h := res.Groups[0].Hits[0]
	if m := marked(h); len(m) != 2 || m[0] != "smart" || m[1] != "specialisering" {
		t.Errorf("marked %q, want smart and specialisering", m)
	}
	t.Logf("snippet: %+v", h.Snippet)
	var text strings.Builder
	for _, s := range h.Snippet {
		text.WriteString(s.Text)
	}
	got := text.String()
	// a window around the hit, not the whole answer; the text as it is
	// (escaping is the page's job)
	if !strings.Contains(got, "<b>") || !strings.Contains(got, "&") || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || len([]rune(got)) > 400 {
		t.Errorf("snippet %q", got)
	}
	// a short answer is shown whole, without ellipsis
	addReport(t, st, "halland", 2023, "5.1=Kort svar om bredband.")
	res = search(t, st, "bredband", store.SearchFilter{})
	if len(res.Groups) != 1 {
		t.Fatalf("bredband: %v", where(res))
	}
	if s := res.Groups[0].Hits[0].Snippet; len(s) != 3 || s[0].Text != "Kort svar om " || !s[1].Match || s[1].Text != "bredband" || s[2].Text != "." {
		t.Errorf("short snippet %+v", s)
	}
}

func TestRanking(t *testing.T) {
	st := openStore(t)
	filler := strings.Repeat("Arbetet har bedrivits i nära samverkan med kommunerna och andra aktörer i länet. ", 12)
	addReport(t, st, "skane", 2023, "6.1=Bredband. Bredband till alla hushåll. Bredband på landsbygden.", "6.2="+filler+"Även bredband nämns.")
	addReport(t, st, "halland", 2023, "6.1=Bredband byggs ut. "+filler)
	addReport(t, st, "blekinge", 2023, "6.1="+filler)
	res := search(t, st, "bredband", store.SearchFilter{})
	// three times in a short answer, then once early in a long one, then
	// once at the end of a longer one; Skåne's group first (best hit), its
	// hits best first
	if got := strings.Join(where(res), ", "); got != "skane 2023 v1 6.1, skane 2023 v1 6.2, halland 2023 v1 6.1" {
		t.Errorf("order: %s", got)
	}
	if res.Total != 3 || res.Reports != 2 || res.Groups[0].Matches != 2 {
		t.Errorf("total %d reports %d matches %d", res.Total, res.Reports, res.Groups[0].Matches)
	}
	for _, g := range res.Groups {
		for i := 1; i < len(g.Hits); i++ {
			if g.Hits[i].Score > g.Hits[i-1].Score {
				t.Errorf("%s: hits not best first", g.Name)
			}
		}
	}
	// a rare word weighs more than a common one: "glesbygd" is in one
	// answer, "arbetet" in all
	addReport(t, st, "kalmar", 2023, "6.1=Arbetet med glesbygd.", "6.2=Arbetet med arbetet.")
	res = search(t, st, "arbetet glesbygd", store.SearchFilter{})
	if w := where(res); len(w) != 1 || w[0] != "kalmar 2023 v1 6.1" {
		t.Errorf("arbetet glesbygd: %v", w)
	}
	a := search(t, st, "glesbygd", store.SearchFilter{}).Groups[0].Hits[0].Score
	b := search(t, st, "arbetet", store.SearchFilter{Question: "6.2"})
	var kalmar float64
	for _, g := range b.Groups {
		if g.Organisation == "kalmar" {
			kalmar = g.Hits[0].Score
		}
	}
	if !(a > kalmar) || kalmar <= 0 {
		t.Errorf("rare word %.3f, common word said twice %.3f", a, kalmar)
	}
	// the limit keeps the best and says so
	q, _ := query.Parse("arbetet")
	lim, err := Run(context.Background(), st, q, store.SearchFilter{}, 2)
	if err != nil || lim.Shown != 2 || !lim.Truncated || lim.Total < 5 {
		t.Errorf("limit 2: %+v %v", lim, err)
	}
}

func TestBM25(t *testing.T) {
	blob := func(vs ...uint32) []byte {
		b := make([]byte, 4*len(vs))
		for i, v := range vs {
			binary.NativeEndian.PutUint32(b[4*i:], v)
		}
		return b
	}
	// one phrase, one column, 100 rows averaging 50 characters
	score := func(tf, length, docs uint32) float64 {
		s, err := BM25(blob(1, 1, tf, tf*docs, docs), 0, 100, float64(length), 50)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if !(score(3, 50, 10) > score(1, 50, 10)) {
		t.Error("more hits do not score higher")
	}
	if !(score(1, 20, 10) > score(1, 200, 10)) {
		t.Error("a shorter answer does not score higher")
	}
	if !(score(1, 50, 2) > score(1, 50, 90)) {
		t.Error("a rarer word does not score higher")
	}
	if score(0, 50, 10) != 0 {
		t.Error("no hit scores")
	}
	if _, err := BM25([]byte{1, 2, 3}, 0, 1, 1, 1); err == nil {
		t.Error("a short blob is accepted")
	}
	if _, err := BM25(blob(2, 1, 1, 1, 1), 0, 1, 1, 1); err == nil {
		t.Error("a blob with too few values is accepted")
	}
}

func TestFilters(t *testing.T) {
	st := openStore(t)
	addReport(t, st, "skane", 2023, "3.1=Bostadsförsörjning i fokus.", "3.2=Bostadsförsörjning igen.")
	addReport(t, st, "skane", 2024, "3.1=Bostadsförsörjning även 2024.")
	addReport(t, st, "halland", 2024, "3.1=Ingen bostadsförsörjning här? Jo, bostadsförsörjning.")
	if got := len(search(t, st, "bostadsförsörjning", store.SearchFilter{}).Groups); got != 3 {
		t.Errorf("all years: %d reports", got)
	}
	if got := where(search(t, st, "bostadsförsörjning", store.SearchFilter{Year: 2023})); fmt.Sprint(got) != "[skane 2023 v1 3.1 skane 2023 v1 3.2]" && fmt.Sprint(got) != "[skane 2023 v1 3.2 skane 2023 v1 3.1]" {
		t.Errorf("2023: %v", got)
	}
	if got := where(search(t, st, "bostadsförsörjning", store.SearchFilter{Year: 2024, Question: "3.1"})); len(got) != 2 || got[0] != "halland 2024 v1 3.1" {
		t.Errorf("2024, 3.1: %v", got)
	}
	if got := where(search(t, st, "bostadsförsörjning", store.SearchFilter{Question: "3.2"})); fmt.Sprint(got) != "[skane 2023 v1 3.2]" {
		t.Errorf("3.2: %v", got)
	}
}

// TestVersions: a new version is searched instead of the one it
// supersedes; with all versions both are.
func TestVersions(t *testing.T) {
	st := openStore(t)
	addReport(t, st, "skane", 2023, "1.1=Första versionen nämner vätgas.")
	addReport(t, st, "skane", 2023, "1.1=Andra versionen nämner batterier.")
	if got := where(search(t, st, "vätgas", store.SearchFilter{})); len(got) != 0 {
		t.Errorf("the superseded version is found by default: %v", got)
	}
	if got := where(search(t, st, "vätgas", store.SearchFilter{AllVersions: true})); fmt.Sprint(got) != "[skane 2023 v1 1.1]" {
		t.Errorf("all versions: %v", got)
	}
	res := search(t, st, "versionen", store.SearchFilter{AllVersions: true})
	if got := where(res); len(got) != 2 || res.Groups[0].State == res.Groups[1].State {
		t.Errorf("versionen in all versions: %v %+v", got, res.Groups)
	}
	if got := where(search(t, st, "versionen", store.SearchFilter{})); fmt.Sprint(got) != "[skane 2023 v2 1.1]" {
		t.Errorf("versionen, current: %v", got)
	}
}

func TestCompareQuestions(t *testing.T) {
	ids := []string{"övrigt", "10.1", "9.2", "1.10", "1.2", "10.4", "2.1", "1.1"}
	sort.Slice(ids, func(i, j int) bool { return CompareQuestions(ids[i], ids[j]) < 0 })
	if got := strings.Join(ids, " "); got != "1.1 1.2 1.10 2.1 9.2 10.1 10.4 övrigt" {
		t.Errorf("order %s", got)
	}
}

// TestRunPage: pages of the ranking, one after another, are the whole
// ranking in order; the counts are of every answer on every page.
func TestRunPage(t *testing.T) {
	st := openStore(t)
	for i, org := range []string{"skane", "halland", "blekinge"} {
		var answers []string
		for k := 1; k <= 4; k++ {
			answers = append(answers, fmt.Sprintf("%d.1=", k)+strings.Repeat("Bredband ", k+i)+strings.Repeat("och annat ", 3*k))
		}
		addReport(t, st, org, 2023, answers...)
	}
	all := search(t, st, "bredband", store.SearchFilter{})
	if all.Total != 12 || all.Shown != 12 || all.Truncated || all.Offset != 0 {
		t.Fatalf("all: total %d shown %d truncated %v", all.Total, all.Shown, all.Truncated)
	}
	q, _ := query.Parse("bredband")
	var paged []string
	for offset := 0; offset < 14; offset += 5 {
		res, err := RunPage(context.Background(), st, q, store.SearchFilter{}, offset, 5)
		if err != nil {
			t.Fatal(err)
		}
		want := min(5, max(0, 12-offset))
		if res.Total != 12 || res.Reports != 3 || res.Offset != offset || res.Shown != want || res.Truncated != (want < 12) {
			t.Errorf("offset %d: total %d reports %d offset %d shown %d truncated %v", offset, res.Total, res.Reports, res.Offset, res.Shown, res.Truncated)
		}
		for _, g := range res.Groups {
			if g.Matches != 4 {
				t.Errorf("offset %d: %s has %d matches, want 4 (all its answers, shown or not)", offset, g.Name, g.Matches)
			}
		}
		paged = append(paged, where(res)...)
	}
	// grouping is per page, so compare the answers by score order
	var ranked []string
	type hit struct {
		at    string
		score float64
	}
	var hits []hit
	for _, g := range all.Groups {
		for _, h := range g.Hits {
			hits = append(hits, hit{fmt.Sprintf("%s %d v%d %s", g.Organisation, g.Year, g.Version, h.Question), h.Score})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
	for _, h := range hits {
		ranked = append(ranked, h.at)
	}
	seen := map[string]bool{}
	for _, p := range paged {
		seen[p] = true
	}
	if len(paged) != 12 || len(seen) != 12 {
		t.Errorf("pages hold %d answers (%d different), want 12: %v", len(paged), len(seen), paged)
	}
	// the first page is the five best
	for _, at := range ranked[:5] {
		if !slices.Contains(paged[:5], at) {
			t.Errorf("%s is among the five best but not on the first page %v", at, paged[:5])
		}
	}
}
