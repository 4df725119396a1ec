package orgs

import (
	"strings"
	"testing"
)

func TestDefaultList(t *testing.T) {
	l := Default()
	if len(l.All) != 21 {
		t.Fatalf("%d organisations, want 21", len(l.All))
	}
}

func TestIdentify(t *testing.T) {
	l := Default()
	tests := []struct {
		sender, text, file string
		want, by           string
	}{
		{"Anna <anna@regionvasterbotten.se>", "", "", "vasterbotten", "domain"},
		{"x@mail.skane.se", "Region Halland", "", "skane", "domain"},
		{"x@gmail.com", "Återrapportering\nRegion  Jönköpings län lämnar härmed", "", "jonkoping", "text"},
		{"x@gmail.com", "Gotlands kommun", "", "gotland", "text"},
		{"x@gmail.com", "Regionerna och Gotlands kommunerna", "", "", ""},
		{"x@gmail.com", "", "Villkorsrapport_Region_Vasterbotten_2023.docx", "vasterbotten", "filename"},
		{"x@gmail.com", "", "rapport.docx", "", ""},
		{"x@notskane.se", "", "", "", ""},
	}
	for _, tt := range tests {
		m := l.Identify(tt.sender, tt.text, tt.file)
		got := ""
		if m.Org != nil {
			got = m.Org.ID
		}
		if got != tt.want || m.By != tt.by {
			t.Errorf("Identify(%q, %q, %q) = %q by %q, want %q by %q", tt.sender, tt.text, tt.file, got, m.By, tt.want, tt.by)
		}
	}
}

func TestLookup(t *testing.T) {
	l := Default()
	for in, want := range map[string]string{"skane": "skane", "Region Skåne": "skane", "VGR": "vastragotaland"} {
		o, err := l.Lookup(in)
		if err != nil || o.ID != want {
			t.Errorf("Lookup(%q) = %v, %v; want %s", in, o, err, want)
		}
	}
	if _, err := l.Lookup("Region Atlantis"); err == nil {
		t.Error("unknown name accepted")
	}
}

// TestByNameCase: the literal pre-check before each name's pattern is
// case-blind like the pattern, and the one named first comes first.
func TestByNameCase(t *testing.T) {
	l := Default()
	for text, want := range map[string][]string{
		"REGION SKÅNE och region\nvästerbotten":      {"skane", "vasterbotten"},
		"Vi i Region Västerbotten samverkar med VGR": {"vasterbotten", "vastragotaland"},
		"Regionskåne":             nil,
		"Ingen region nämns här.": nil,
	} {
		var got []string
		for _, o := range l.ByName(text) {
			got = append(got, o.ID)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("ByName(%q) = %v, want %v", text, got, want)
		}
	}
}
