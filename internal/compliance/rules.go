package compliance

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// Finding codes. They are stable: the store, the pages and other systems
// match on them.
const (
	CodeLate               = "late"
	CodeDiarienummer       = "diarienummer_missing"
	CodeLimitExceeded      = "limit_exceeded"
	CodeTooManyInsatser    = "too_many_insatser"
	CodeUnanswered         = "unanswered"
	CodeChoiceMissing      = "choice_missing"
	CodeExplanationMissing = "explanation_missing"
	CodeNotDocx            = "not_docx"
	CodeTrackedChanges     = "tracked_changes"
	CodeFont               = "font"
	CodeTemplateMismatch   = "template_mismatch"
	CodeIncompleteInsats   = "incomplete_insats"
	CodeRiskyContent       = "risky_content"
	CodeBasisMissing       = "basis_missing"
	CodeActorsMissing      = "actors_missing"
	CodeRecipientsMissing  = "recipients_missing"
	CodeUnknownSender      = "unknown_sender"
	CodeMailIncomplete     = "mail_incomplete"
	CodeSenderUnverified   = "sender_unverified"
)

func init() {
	registerEnvelope(CodeLate, model.Error, checkLate)
	registerEnvelope(CodeRecipientsMissing, model.Warning, checkRecipients)
	registerEnvelope(CodeUnknownSender, model.Warning, checkSender)
	registerEnvelope(CodeMailIncomplete, model.Warning, checkMailProblems)
	registerEnvelope(CodeSenderUnverified, model.Warning, checkSenderAuthenticated)
	register(CodeDiarienummer, model.Error, checkDiarienummer)
	register(CodeTemplateMismatch, model.Warning, checkTemplate)
	register(CodeUnanswered, model.Error, checkUnanswered)
	register(CodeLimitExceeded, model.Error, checkLimits)
	register(CodeTooManyInsatser, model.Error, checkTooManyInsatser)
	register(CodeIncompleteInsats, model.Warning, checkIncompleteInsats)
	register(CodeChoiceMissing, model.Error, checkChoices)
	register(CodeExplanationMissing, model.Error, checkExplanations)
	register(CodeTrackedChanges, model.Warning, checkTrackedChanges)
	register(CodeFont, model.Warning, checkFonts)
	register(CodeRiskyContent, model.Warning, checkRisky)
	register(CodeBasisMissing, model.Info, checkBasis)
	register(CodeActorsMissing, model.Info, checkActors)
}

func checkLate(in *Input, add adder) {
	if in.Received == nil {
		return
	}
	if late := in.Template.LateAfter(); !in.Received.Before(late) {
		add("", "Rapporten kom in %s, efter sista dag för inlämning %s.",
			stockholm(*in.Received), swedishDate(late.AddDate(0, 0, -1)))
	}
}

// checkMailProblems tells what of the e-mail could not be read: parts
// past the part or depth limit, damaged parts. A report may have been
// attached further in than was read.
func checkMailProblems(in *Input, add adder) {
	if in.Mail == nil || len(in.Mail.Problems) == 0 {
		return
	}
	add("", "E-postmeddelandet kunde inte läsas helt: %s.", strings.Join(in.Mail.Problems, "; "))
}

func checkRecipients(in *Input, add adder) {
	if in.Mail == nil {
		return
	}
	var missing []string
	for _, want := range in.Template.Recipients {
		found := false
		for _, got := range in.Mail.Recipients {
			if strings.EqualFold(strings.TrimSpace(got), want) {
				found = true
			}
		}
		if !found {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		add("", "Rapporten skickades inte till alla mottagare som mallen anger; %s saknas bland mottagarna.", joinList(missing))
	}
}

func checkSender(in *Input, add adder) {
	if in.Mail == nil || in.Mail.SenderKnown {
		return
	}
	add("", "Avsändaren %s hör inte till någon av de 21 regionernas e-postdomäner; kontrollera vem rapporten kommer från.", orUnknown(in.Mail.Sender))
}

// checkSenderAuthenticated looks at what the agency's own receiving server
// found (Authentication-Results, see internal/mailauth): DMARC must pass for
// the From domain. Not run when no authserv-id is configured.
func checkSenderAuthenticated(in *Input, add adder) {
	if in.Mail == nil || in.Mail.Auth == nil {
		return
	}
	v := in.Mail.Auth
	switch {
	case v.DMARCPass:
	case !v.Found:
		add("", "Avsändaren %s kunde inte kontrolleras: meddelandet saknar autentiseringsresultat (Authentication-Results) från den egna e-postservern (%s).",
			orUnknown(in.Mail.Sender), v.AuthServID)
	case in.Mail.SenderKnown && !v.Aligned:
		add("", "Avsändaren %s har en regions e-postdomän, men meddelandet är inte autentiserat för den domänen (DKIM %s, SPF %s, DMARC %s); kontrollera att rapporten verkligen kommer därifrån.",
			orUnknown(in.Mail.Sender), v.Summary("dkim"), v.Summary("spf"), v.Summary("dmarc"))
	default:
		add("", "DMARC godkändes inte för avsändarens domän %s (DMARC %s, DKIM %s, SPF %s); kontrollera vem rapporten kommer från.",
			orUnknown(v.FromDomain), v.Summary("dmarc"), v.Summary("dkim"), v.Summary("spf"))
	}
}

func checkDiarienummer(in *Input, add adder) {
	text := in.Ex.Text + "\n" + in.Doc.HeaderText + "\n" + in.MailText
	for _, d := range in.Template.Diarienummer {
		if !d.In(text) {
			add("", "%s %s anges inte i rapporten eller i e-postmeddelandet.", d.Label, d.ID)
		}
	}
}

// tooFewHeadings is the share of the template's headings under which a
// document is taken to be something else than the template.
const tooFewHeadings = 0.5

func notTemplate(in *Input) bool {
	return float64(in.Ex.Found) < tooFewHeadings*float64(in.Ex.Total)
}

func checkTemplate(in *Input, add adder) {
	switch {
	case in.YearNote != "":
		add("", "%s", in.YearNote)
	}
	if notTemplate(in) {
		add("", "Dokumentet följer inte mallen %q: bara %d av mallens %d rubriker hittades. Frågorna har inte kunnat kontrolleras.",
			in.Template.Title, in.Ex.Found, in.Ex.Total)
		return
	}
	if len(in.Ex.Missing) > 0 {
		add("", "Frågorna %s hittades inte i dokumentet; har mallens rubriker ändrats eller tagits bort?", joinList(in.Ex.Missing))
	}
}

func checkUnanswered(in *Input, add adder) {
	if notTemplate(in) {
		return
	}
	for _, q := range in.Template.Questions() {
		a := in.answer(q.ID)
		if q.Optional || q.Kind == spec.KindChoices || q.Kind == spec.KindExplanations {
			continue
		}
		switch {
		case !a.Found:
			add(q.ID, "Fråga %s hittades inte i dokumentet och räknas som obesvarad.", q.ID)
		case q.Kind == spec.KindInsatser && (a.Status == model.Unanswered || a.Status == model.Placeholder):
			add(q.ID, "Tabellen under fråga %s innehåller inga insatser och ingen kommentar. Om inga insatser har genomförts ska det kommenteras.", q.ID)
		case a.Status == model.Placeholder:
			add(q.ID, "Fråga %s är inte besvarad: svarsfältet visar fortfarande mallens platshållartext.", q.ID)
		case a.Status == model.Unanswered:
			add(q.ID, "Fråga %s är inte besvarad.", q.ID)
		}
	}
}

func checkLimits(in *Input, add adder) {
	for i, l := range in.Template.Limits {
		u := in.Ex.Limits[i]
		if !u.Exceeded {
			continue
		}
		if len(l.Questions) == 1 {
			add(l.Label(), "Svaret på fråga %s har %s tecken inklusive blanksteg; högst %s är tillåtet (%s för många).",
				l.Label(), num(u.Chars), num(l.Max), num(u.Chars-l.Max))
			continue
		}
		add(l.Label(), "Svaren på frågorna %s har sammantaget %s tecken inklusive blanksteg; högst %s är tillåtet (%s för många).",
			l.Label(), num(u.Chars), num(l.Max), num(u.Chars-l.Max))
	}
}

func checkTooManyInsatser(in *Input, add adder) {
	for _, t := range in.Ex.Insatser {
		if t.Rows > t.Max {
			add(t.Question, "Tabellen under fråga %s har %d insatser; mallen tillåter högst %d.", t.Question, t.Rows, t.Max)
		}
	}
}

func checkIncompleteInsats(in *Input, add adder) {
	for _, t := range in.Ex.Insatser {
		for i, it := range t.Items {
			if len(it.Empty) == 0 {
				continue
			}
			var cols []string
			for _, c := range it.Empty {
				cols = append(cols, "”"+in.Template.InsatsColumns[c-1]+"”")
			}
			add(t.Question, "Insats %d i tabellen under fråga %s saknar text i %s: %s.",
				i+1, t.Question, plural(len(cols), "kolumnen", "kolumnerna"), joinList(cols))
		}
	}
}

func checkChoices(in *Input, add adder) {
	if notTemplate(in) {
		return
	}
	for _, c := range in.Ex.Choices {
		q := in.Template.Question(c.Question)
		item := q.Items[c.Item-1]
		switch len(c.Checked) {
		case 0:
			add(c.Question, "Fråga %s, punkt %d (%s): varken Ja eller Nej är ikryssat.", c.Question, c.Item, strings.TrimRight(item, "?."))
		case 1:
		default:
			add(c.Question, "Fråga %s, punkt %d (%s): både Ja och Nej är ikryssade.", c.Question, c.Item, strings.TrimRight(item, "?."))
		}
	}
}

func checkExplanations(in *Input, add adder) {
	for _, q := range in.Template.Questions() {
		if q.Kind != spec.KindExplanations {
			continue
		}
		a := in.answer(q.ID)
		var noItems []string
		for _, c := range in.Ex.Choices {
			if c.Question != q.Explains {
				continue
			}
			switch c.Answer {
			case "ja":
				if p := a.Parts[c.Item-1]; p.Status == model.Unanswered || p.Status == model.Placeholder {
					add(q.ID, "Fråga %s, punkt %d är besvarad med Ja, men beskrivningen under fråga %s (%s) saknas.",
						q.Explains, c.Item, q.ID, strings.TrimRight(q.Items[c.Item-1], "?."))
				}
			case "nej":
				noItems = append(noItems, fmt.Sprint(c.Item))
			}
		}
		if last := a.Parts[len(a.Parts)-1]; len(noItems) > 0 && (last.Status == model.Unanswered || last.Status == model.Placeholder) {
			add(q.ID, "Fråga %s, %s %s är besvarad med Nej, men texten under ”%s” saknas.",
				q.Explains, plural(len(noItems), "punkt", "punkterna"), joinList(noItems), strings.TrimSuffix(q.Otherwise, "."))
		}
	}
}

func checkTrackedChanges(in *Input, add adder) {
	f := in.Doc.Facts
	n := f.TrackedChanges()
	if n == 0 {
		return
	}
	var kinds []string
	for _, k := range []struct {
		n         int
		one, many string
	}{
		{f.Insertions, "infogning", "infogningar"}, {f.Deletions, "borttagning", "borttagningar"}, {f.Moves, "flyttning", "flyttningar"},
		{f.ParagraphMarks, "ändrad styckebrytning", "ändrade styckebrytningar"}, {f.Rows, "ändrad tabellrad eller cell", "ändrade tabellrader eller celler"},
		{f.FormatChanges, "formateringsändring", "formateringsändringar"},
	} {
		if k.n > 0 {
			kinds = append(kinds, sv.Plural(k.n, k.one, k.many))
		}
	}
	var where []string
	for _, a := range in.Ex.Questions {
		if a.Changes > 0 {
			where = append(where, a.ID)
		}
	}
	msg := fmt.Sprintf("Dokumentet innehåller spårade ändringar som inte har godkänts (%s). Texten har lästs och räknats som om alla ändringar vore godkända.", strings.Join(kinds, ", "))
	if len(where) > 0 {
		msg += fmt.Sprintf(" Ändringar finns i svaren på %s %s.", plural(len(where), "fråga", "frågorna"), joinList(where))
	}
	add("", "%s", msg)
}

func checkFonts(in *Input, add adder) {
	text, table := in.Template.Fonts.Text, in.Template.Fonts.Table
	for _, a := range in.Ex.Questions {
		for _, isTable := range []bool{false, true} {
			want := text
			if isTable {
				want = table
			}
			total, wrong := 0, map[string]int{}
			for _, u := range a.Fonts {
				if u.Table != isTable {
					continue
				}
				total += u.Chars
				if !strings.EqualFold(u.Font, want.Family) || u.SizePt != want.SizePt {
					wrong[fmt.Sprintf("%s %g pt", u.Font, u.SizePt)] += u.Chars
				}
			}
			if len(wrong) == 0 {
				continue
			}
			var parts []string
			for _, k := range sortedByCount(wrong) {
				parts = append(parts, fmt.Sprintf("%s (%d %%)", k, percent(wrong[k], total)))
			}
			where := "Svaret på fråga %s"
			if isTable {
				where = "Tabelltexten under fråga %s"
			}
			add(a.ID, where+" är skriven i %s; mallen föreskriver %s för %s.",
				a.ID, joinList(parts), want, map[bool]string{false: "löpande text", true: "text i tabeller"}[isTable])
		}
	}
}

func checkRisky(in *Input, add adder) {
	for _, r := range in.Doc.Facts.Risks {
		switch r.Kind {
		case "external_relationship":
			add("", "Dokumentet hämtar innehåll utanför filen (extern länk: %s). Word kan försöka ansluta till adressen när filen öppnas.", r.Detail)
		case "field":
			add("", "Dokumentet innehåller fältkoden %s, som kan hämta innehåll utanför dokumentet när det öppnas i Word.", r.Detail)
		case "altchunk":
			add("", "Dokumentet innehåller inbäddat innehåll i annat format (altChunk) som Word infogar när filen öppnas.")
		case "activex":
			add("", "Dokumentet innehåller ActiveX-kontroller, som kan köra kod när filen öppnas i Word.")
		case "embedded_object":
			add("", "Dokumentet innehåller ett inbäddat objekt (%s). Öppna det inte utan att veta vad det är.", orUnknown(r.Detail))
		case "linked_object":
			add("", "Dokumentet innehåller ett länkat objekt (%s) som hämtas utanför filen.", orUnknown(r.Detail))
		}
	}
}

func checkBasis(in *Input, add adder) {
	col := in.Template.InsatsEffectsColumn - 1
	for _, t := range in.Ex.Insatser {
		for i, it := range t.Items {
			effects := strings.ToLower(it.Cells[col])
			if effects == "" || containsAny(effects, in.Template.BasisTerms) {
				continue
			}
			add(t.Question, "Insats %d under fråga %s anger inte om resultatbeskrivningen baseras på en uppföljning, en utvärdering eller en egen bedömning.", i+1, t.Question)
		}
	}
}

func checkActors(in *Input, add adder) {
	if notTemplate(in) {
		return
	}
	var kinds []string
	for _, k := range in.Template.ActorKinds {
		kinds = append(kinds, k.Name)
	}
	for _, l := range in.Template.Limits {
		if !l.AsksActors {
			continue
		}
		var text strings.Builder
		answered := false
		for _, id := range l.Questions {
			a := in.answer(id)
			if a.Status == model.Answered {
				answered = true
			}
			text.WriteString(strings.ToLower(a.Text))
			text.WriteByte('\n')
		}
		if !answered {
			continue
		}
		found := false
		for _, k := range in.Template.ActorKinds {
			if containsAny(text.String(), k.Terms) {
				found = true
				break
			}
		}
		if !found {
			what := "Svaret på fråga " + l.Label()
			if len(l.Questions) > 1 {
				what = "Svaren på frågorna " + l.Label()
			}
			add(l.Label(), "%s nämner inga aktörer som ni har samverkat med (%s), vilket mallen efterfrågar.", what, joinList(kinds))
		}
	}
}

func containsAny(s string, terms []string) bool {
	for _, t := range terms {
		if strings.Contains(s, strings.ToLower(t)) {
			return true
		}
	}
	return false
}

func orUnknown(s string) string {
	if s == "" {
		return "okänd typ"
	}
	return s
}

func sortedByCount(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

func percent(n, total int) int {
	if total == 0 {
		return 0
	}
	return (100*n + total/2) / total
}
