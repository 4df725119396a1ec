package spec

import (
	"strings"
	"testing"
	"time"
)

func TestEmbedded2023(t *testing.T) {
	tpl, err := Load(2023)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(tpl.Questions()); n != 35 {
		t.Errorf("%d questions, want 35 (1.1–10.5 and Övriga medskick)", n)
	}
	want := map[string]int{"1.1–1.3": 4500, "2.1–2.4": 5500, "3.1–3.3": 8000, "4.1–4.3": 12500, "5.1–5.3": 12500,
		"6.1–6.3": 8000, "7.1": 4500, "8.1": 4500, "9.1": 4500, "10.1–10.5": 11000}
	for _, l := range tpl.Limits {
		if want[l.Label()] != l.Max {
			t.Errorf("limit %s = %d, want %d", l.Label(), l.Max, want[l.Label()])
		}
		delete(want, l.Label())
	}
	if len(want) != 0 {
		t.Errorf("limits missing: %v", want)
	}
	sthlm, _ := time.LoadLocation("Europe/Stockholm")
	if got, want := tpl.LateAfter(), time.Date(2024, 2, 22, 0, 0, 0, 0, sthlm); !got.Equal(want) {
		t.Errorf("late after %v, want %v", got, want)
	}
}

func TestDiarienummerVariants(t *testing.T) {
	tpl, err := Load(2023)
	if err != nil {
		t.Fatal(err)
	}
	n, a := tpl.Diarienummer[0].Pattern(), tpl.Diarienummer[1].Pattern()
	for _, s := range []string{"N2022/02395", "N 2022/02395", "N2022/2395", "dnr n2022 / 02395.", "N2022-02395"} {
		if !n.MatchString(s) {
			t.Errorf("%q not taken for N2022/02395", s)
		}
	}
	for _, s := range []string{"Ä 2023–2905", "Ä2023-2905", "Ä 2023-002905", "Ä 2023 – 2905", "ä2023—2905", "(Ä 2023-2905)"} {
		if !a.MatchString(s) {
			t.Errorf("%q not taken for Ä 2023–2905", s)
		}
	}
	for _, s := range []string{"N2022/02396", "N2022/023950", "Ä 2023–29050", "Ä 2024-2905", "AN2022/02395"} {
		if n.MatchString(s) || a.MatchString(s) {
			t.Errorf("%q taken for a diarienummer", s)
		}
	}
	// In (the literal pre-check, then the pattern) says what the pattern says.
	for _, s := range []string{"N2022/02395", "dnr n2022 / 02395.", "Ä2023-2905", "ä2023—2905", "N2022/02396",
		"Ä 2024-2905", "inget nummer", "2022 och 2395 var för sig", "N 2023/2905", "AN2022/02395"} {
		for _, d := range tpl.Diarienummer {
			if got, want := d.In("text "+s+" text"), d.Pattern().MatchString("text "+s+" text"); got != want {
				t.Errorf("%s.In(%q) = %v, pattern says %v", d.ID, s, got, want)
			}
		}
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	_, err := Parse([]byte("year: 2030\ndeadline: {date: nope, timezone: Mars/Olympus}\nmax_insatser: 0\nlimits: [{questions: ['9.9'], max: 0}]\n"))
	if err == nil {
		t.Fatal("invalid spec accepted")
	}
	for _, want := range []string{"title saknas", "timezone", "max_insatser", "fråga 9.9, som inte finns"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

// TestLongerThan holds longerThan to counting the runes, around the
// lengths where it stops counting: n bytes, 4n bytes, multi-byte letters,
// invalid UTF-8.
func TestLongerThan(t *testing.T) {
	for _, s := range []string{
		"", "a", "ab", "abc", "abcd", "å", "åä", "åäö", "ååå å", "€", "€€", "€€€",
		"𝄞", "𝄞𝄞", "𝄞𝄞𝄞", "a𝄞", "\xff", "\xff\xff\xff", "\xe2\x82", "å\xc3",
		"Se svaret på fråga 1.1", strings.Repeat("ä", 40), strings.Repeat("𝄞", 10) + "x",
	} {
		for n := 1; n <= len(s)+1; n++ {
			if got, want := longerThan(s, n), len([]rune(s)) > n; got != want {
				t.Errorf("longerThan(%q, %d) = %v, want %v", s, n, got, want)
			}
		}
	}
}
