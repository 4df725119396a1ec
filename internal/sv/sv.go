// Package sv writes numbers, times, counts and names the way Swedish
// readers expect them: "4 500" with a narrow no-break space, "2024-02-22
// kl. 00.03" in Stockholm time, "1 varning" but "2 varningar". Pages,
// exports, receipts and the command line all format through it, so that
// they agree.
package sv

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Stockholm is the agency's time zone.
var Stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// Thin is the thousands separator: U+202F NARROW NO-BREAK SPACE, which
// never breaks a number across lines.
const Thin = "\u202f"

// Int is n with thousands grouped: 4500 is "4 500", 999 is "999",
// -12500 is "−12 500" (with a minus sign).
func Int(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if len(s) >= 4 {
		var b strings.Builder
		lead := len(s) % 3
		if lead > 0 {
			b.WriteString(s[:lead])
		}
		for i := lead; i < len(s); i += 3 {
			if b.Len() > 0 {
				b.WriteString(Thin)
			}
			b.WriteString(s[i : i+3])
		}
		s = b.String()
	}
	if neg {
		s = "\u2212" + s
	}
	return s
}

// Int64 is Int for an int64.
func Int64(n int64) string { return Int(int(n)) }

// Bytes is a size: "58 485 byte".
func Bytes(n int64) string { return Int64(n) + " byte" }

// Time is t in Stockholm time: "2024-02-22 kl. 00.03"; "" for the zero time.
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Stockholm)
	return t.Format("2006-01-02") + " kl. " + t.Format("15.04")
}

// TimePtr is Time for an optional time; "" for nil.
func TimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return Time(*t)
}

// Date is t's date in Stockholm: "2024-02-22".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Stockholm).Format("2006-01-02")
}

// Plural is n with the singular or plural word: Plural(1, "varning",
// "varningar") is "1 varning", Plural(4500, "tecken", "tecken") "4 500 tecken".
func Plural(n int, one, many string) string {
	if n == 1 || n == -1 {
		return Int(n) + " " + one
	}
	return Int(n) + " " + many
}

// Counts is a check's result: "2 fel, 1 varning, 3 tips".
func Counts(errors, warnings, infos int) string {
	return fmt.Sprintf("%s, %s, %s", Plural(errors, "fel", "fel"), Plural(warnings, "varning", "varningar"), Plural(infos, "tips", "tips"))
}

// Late says how late a report came: "Inkom 1 dag för sent", "Inkom 3
// dagar för sent", or "Inkom i tid" for days <= 0.
func Late(days int) string {
	if days <= 0 {
		return "Inkom i tid"
	}
	return "Inkom " + Plural(days, "dag", "dagar") + " för sent"
}

// DaysLate counts the days (started, in Stockholm) from the last day
// (lateAfter is the first moment that is late) to received: a report
// that comes 00.03 the day after the deadline is one day late.
func DaysLate(received, lateAfter time.Time) int {
	if received.Before(lateAfter) {
		return 0
	}
	r, l := received.In(Stockholm), lateAfter.In(Stockholm)
	rd := time.Date(r.Year(), r.Month(), r.Day(), 0, 0, 0, 0, time.UTC)
	ld := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	return int(rd.Sub(ld).Hours()/24) + 1
}

// Source names where a message came from: "e-post (IMAP)" or "fil".
func Source(s string) string {
	switch s {
	case "imap":
		return "e-post (IMAP)"
	case "file":
		return "fil"
	}
	return s
}

// AuthResult is an authentication result of DKIM, SPF or DMARC (RFC 8601)
// in Swedish.
func AuthResult(v string) string {
	switch v {
	case "pass":
		return "godkänd"
	case "fail", "hardfail":
		return "underkänd"
	case "softfail":
		return "svagt underkänd"
	case "none", "saknas", "":
		return "saknas"
	case "neutral":
		return "neutral"
	case "temperror":
		return "tillfälligt fel"
	case "permerror":
		return "permanent fel"
	case "policy":
		return "underkänd av policy"
	}
	return v
}

// Actor names who acted in the audit log: the program's own parts
// ("ingest", "poller", "reprocess", "demo") are "systemet"; a person
// keeps the user name.
func Actor(a string) string {
	switch a {
	case "ingest", "poller", "reprocess", "demo", "system", "":
		return "systemet"
	case "officer":
		return "handläggare"
	}
	return a
}

// List joins items the Swedish way: "1, 3 och 5".
func List(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " och " + items[len(items)-1]
}

// LowerFirst is s with its first letter in lower case: "Återrapportering
// av …" becomes "återrapportering av …" (a whole letter, not a byte).
func LowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// AnswerStatus is an answer's status in words ("besvarad", "obesvarad",
// "mallens text kvar", "hänvisning").
func AnswerStatus(s string) string {
	switch s {
	case "answered":
		return "besvarad"
	case "unanswered":
		return "obesvarad"
	case "placeholder":
		return "mallens text kvar"
	case "reference":
		return "hänvisning"
	}
	return s
}

// NoAnswer says why a body has no answer to show for a question (the
// model.Missing… codes), as a phrase ("ej inkommen").
func NoAnswer(code string) string {
	switch code {
	case "not_received":
		return "ej inkommen"
	case "no_report":
		return "ingen läsbar rapport inkommen"
	case "unanswered":
		return "obesvarad"
	case "placeholder":
		return "obesvarad (platshållartext kvar)"
	case "not_found":
		return "frågan hittades inte i rapporten"
	case "reference":
		return "hänvisning"
	}
	return code
}

// Choice is a Ja/Nej item's answer in words: "Ja", "Nej", "båda
// ikryssade" or "inget val" (answer as in model.ChoiceAnswer, checked the
// number of boxes checked).
func Choice(answer string, checked int) string {
	switch {
	case answer == "ja":
		return "Ja"
	case answer == "nej":
		return "Nej"
	case checked > 1:
		return "båda ikryssade"
	}
	return "inget val"
}
