package compare

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// spell returns the two texts a diff spells: kept and deleted, kept and
// inserted.
func spell(d WordDiff) (before, now string) {
	var b, n strings.Builder
	for _, s := range d.Segments {
		if s.Op != Insert {
			b.WriteString(s.Text)
		}
		if s.Op != Delete {
			n.WriteString(s.Text)
		}
	}
	return b.String(), n.String()
}

func TestWords(t *testing.T) {
	eq := func(s string) Segment { return Segment{Equal, s} }
	del := func(s string) Segment { return Segment{Delete, s} }
	ins := func(s string) Segment { return Segment{Insert, s} }
	for _, tc := range []struct {
		name, before, now string
		want              []Segment
	}{
		{"same", "Vi har samverkat.", "Vi har samverkat.", []Segment{eq("Vi har samverkat.")}},
		{"both empty", "", "", nil},
		{"from nothing", "", "Nytt svar.", []Segment{ins("Nytt svar.")}},
		{"to nothing", "Gammalt svar.", "", []Segment{del("Gammalt svar.")}},
		{"one word replaced, Swedish letters", "Vi har ökat samverkan med länsstyrelsen.", "Vi har ökat samarbetet med länsstyrelsen.",
			[]Segment{eq("Vi har ökat "), del("samverkan"), ins("samarbetet"), eq(" med länsstyrelsen.")}},
		{"å ä ö are letters, not separators", "Åtgärden inom länsstyrelsen är klar", "Åtgärderna inom länsstyrelsen är klara",
			[]Segment{del("Åtgärden"), ins("Åtgärderna"), eq(" inom länsstyrelsen är "), del("klar"), ins("klara")}},
		{"a rewritten sentence is one change, not fragments around shared little words",
			"Regionen har arbetat med den nya strategin.", "Kommunerna har deltagit i den gamla planen.",
			[]Segment{del("Regionen har arbetat med den nya strategin"), ins("Kommunerna har deltagit i den gamla planen"), eq(".")}},
		{"words added at the end", "Insatsen pågår.", "Insatsen pågår i Västerbotten och Norrbotten.",
			[]Segment{eq("Insatsen pågår"), ins(" i Västerbotten och Norrbotten"), eq(".")}},
		{"adjacent changes joined across a space", "ett två tre fyra", "ett sju åtta fyra",
			[]Segment{eq("ett "), del("två tre"), ins("sju åtta"), eq(" fyra")}},
		{"punctuation is its own token", "Ja, det stämmer.", "Ja; det stämmer!",
			[]Segment{eq("Ja"), del(","), ins(";"), eq(" det stämmer"), del("."), ins("!")}},
		{"numbers", "Budget 4 500 kronor", "Budget 12 500 kronor",
			[]Segment{eq("Budget "), del("4"), ins("12"), eq(" 500 kronor")}},
		{"a paragraph added", "Första stycket.\nAndra stycket.", "Första stycket.\nNytt stycke.\nAndra stycket.",
			[]Segment{eq("Första stycket.\n"), ins("Nytt stycke.\n"), eq("Andra stycket.")}},
		{"a change does not run over a line break", "a b\nc d", "x b\nc y",
			[]Segment{del("a"), ins("x"), eq(" b\nc "), del("d"), ins("y")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Words(tc.before, tc.now)
			if got.ParagraphLevel {
				t.Errorf("paragraph level for a short text")
			}
			if !reflect.DeepEqual(got.Segments, tc.want) {
				t.Errorf("got  %q\nwant %q", got.Segments, tc.want)
			}
			if b, n := spell(got); b != tc.before || n != tc.now {
				t.Errorf("spells %q and %q", b, n)
			}
			if got.Changed() != (tc.before != tc.now) {
				t.Errorf("Changed() = %v", got.Changed())
			}
		})
	}
}

// words returns n pseudo-random Swedish words.
func words(r *rand.Rand, n int) []string {
	vocab := strings.Fields("regionala utvecklingsstrategin länsstyrelsen kommuner näringsliv samverkan åtgärder insatser " +
		"kompetensförsörjning hållbarhet miljö jämställdhet integration företagsstöd analys uppföljning utvärdering " +
		"och i att med för som har är på av till det en ett vi de")
	out := make([]string, n)
	for i := range out {
		out[i] = vocab[r.IntN(len(vocab))]
	}
	return out
}

// TestWordsRandom: any two texts, the diff spells both; edits that are
// few keep it word-level.
func TestWordsRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		a := words(r, r.IntN(60))
		b := append([]string(nil), a...)
		for range r.IntN(8) {
			switch p := r.IntN(max(len(b), 1)); r.IntN(3) {
			case 0:
				if len(b) > 0 {
					b = append(b[:p], b[p+1:]...)
				}
			case 1:
				b = append(b[:p], append(words(r, 1+r.IntN(3)), b[p:]...)...)
			default:
				if len(b) > 0 {
					b[p] = words(r, 1)[0]
				}
			}
		}
		before, now := strings.Join(a, " "), strings.Join(b, " ")
		if r.IntN(4) == 0 {
			now = strings.ReplaceAll(now, " och ", ".\nOch ")
		}
		d := Words(before, now)
		if gb, gn := spell(d); gb != before || gn != now {
			t.Fatalf("case %d: spells\n%q\n%q\nwant\n%q\n%q", i, gb, gn, before, now)
		}
		if d.ParagraphLevel {
			t.Errorf("case %d: paragraph level for a short text", i)
		}
	}
}

// TestWordsLong: a long answer with a small change stays word-level; one
// past the token limit, or two long texts that differ in too many words,
// fall back to paragraphs and say so, and still spell both texts.
func TestWordsLong(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	para := func(n int) string {
		var ps []string
		for range n {
			ps = append(ps, strings.Join(words(r, 40), " ")+".")
		}
		return strings.Join(ps, "\n")
	}
	long := para(200) // 8 000 words, about 16 000 tokens
	edited := strings.Replace(long, ".\n", ". Ett tillägg om Åre.\n", 1)
	for _, tc := range []struct {
		name, before, now string
		paragraphLevel    bool
	}{
		{"long, one sentence added", long, edited, false},
		{"past the token limit", para(300), para(300), true},
		{"too many edits", para(100), para(100), true},
		{"past the limit, one paragraph changed", long + "\n" + long + "\n" + long, long + "\nEtt nytt stycke.\n" + long + "\n" + long, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Words(tc.before, tc.now)
			if d.ParagraphLevel != tc.paragraphLevel {
				t.Errorf("paragraph level = %v, want %v", d.ParagraphLevel, tc.paragraphLevel)
			}
			if b, n := spell(d); b != tc.before || n != tc.now {
				t.Errorf("the diff does not spell the texts")
			}
			if !d.Changed() {
				t.Errorf("no change found")
			}
		})
	}
	d := Words(long, edited)
	var ins []string
	for _, s := range d.Segments {
		if s.Op != Equal {
			ins = append(ins, s.Op+":"+s.Text)
		}
	}
	if want := []string{"insert: Ett tillägg om Åre."}; !reflect.DeepEqual(ins, want) {
		t.Errorf("changes %q, want %q", ins, want)
	}
	// the paragraph fallback keeps the unchanged paragraphs
	d = Words(long+"\n"+long+"\n"+long, long+"\nEtt nytt stycke.\n"+long+"\n"+long)
	var changed []Segment
	for _, s := range d.Segments {
		if s.Op != Equal {
			changed = append(changed, s)
		}
	}
	if len(changed) != 1 || changed[0] != (Segment{Insert, "Ett nytt stycke.\n"}) {
		t.Errorf("paragraph fallback changes: %.200q", changed)
	}
}

func BenchmarkWords(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	a := strings.Join(words(r, 2000), " ")
	w := strings.Fields(a)
	for i := 0; i < len(w); i += 40 {
		w[i] = fmt.Sprint("ändrat", i)
	}
	c := strings.Join(w, " ")
	b.ReportAllocs()
	for b.Loop() {
		Words(a, c)
	}
}

// BenchmarkWordsWorstCase: two different answers just under the token
// limit, so the word-level diff gives up at MaxEdits and the paragraphs
// are compared: the bounded worst case.
func BenchmarkWordsWorstCase(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	text := func() string {
		var ps []string
		for range 250 {
			ps = append(ps, strings.Join(words(r, 40), " ")+".")
		}
		return strings.Join(ps, "\n")
	}
	x, y := text(), text()
	if d := Words(x, y); !d.ParagraphLevel {
		b.Fatal("not the fallback")
	}
	b.ReportAllocs()
	for b.Loop() {
		Words(x, y)
	}
}
