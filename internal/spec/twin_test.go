package spec

import (
	"bytes"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tillvaxtverket/villkorsintag/configs"
)

// Every embedded JSON twin is what go generate ./configs writes from its
// YAML now, and reads back as the very template Parse makes of the YAML.
func TestEmbeddedTwinsAreTheirYAML(t *testing.T) {
	twins, err := fs.Glob(configs.Templates, "templates/*.json")
	if err != nil || len(twins) == 0 {
		t.Fatalf("no twins (%v): the 2023 spec should have one", err)
	}
	for _, name := range twins {
		yamlData, err := fs.ReadFile(configs.Templates, strings.TrimSuffix(name, ".json")+".yaml")
		if err != nil {
			t.Errorf("%s has no YAML: %v", name, err)
			continue
		}
		twin, _ := fs.ReadFile(configs.Templates, name)
		want, err := Twin(yamlData)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(twin, want) {
			t.Errorf("%s is not its YAML's twin: run go generate ./configs", name)
		}
		fromYAML, _ := Parse(yamlData)
		fromJSON, err := parseJSON(twin)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fromYAML, fromJSON) {
			t.Errorf("%s reads back as another template than its YAML", name)
		}
	}
}

// A spec with a twin is read from the twin, one without from its YAML.
func TestLoadAllReadsTheTwin(t *testing.T) {
	yamlData, err := fs.ReadFile(configs.Templates, "templates/2023.yaml")
	if err != nil {
		t.Fatal(err)
	}
	twin, err := Twin(yamlData)
	if err != nil {
		t.Fatal(err)
	}
	y2024, err := os.ReadFile("../../testdata/templates/2024.yaml") // the test-only spec
	if err != nil {
		t.Fatal(err)
	}
	want2024, err := Parse(y2024)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"templates/2023.yaml": {Data: yamlData},
		"templates/2023.json": {Data: bytes.Replace(twin, []byte(`"Title": "Återrapportering av villkorsbeslut 2023"`), []byte(`"Title": "from the twin"`), 1)},
		"templates/2024.yaml": {Data: y2024},
	}
	ts, err := loadAll(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].Title != "from the twin" || !reflect.DeepEqual(ts[1], want2024) {
		t.Fatalf("got %d templates: %q, %q", len(ts), ts[0].Title, ts[len(ts)-1].Title)
	}
	fsys["templates/2023.json"] = &fstest.MapFile{Data: []byte(`{"Year": 2023}`)}
	if _, err := loadAll(fsys); err == nil || !strings.Contains(err.Error(), "2023.json") {
		t.Errorf("a bad twin: %v, want its problems named", err)
	}
}
