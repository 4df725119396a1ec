package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// TemplatesEnv names the templates directory when --templates is not given.
const TemplatesEnv = "VILLKORSINTAG_TEMPLATES"

// templatesFlag adds --templates DIR to a command.
func templatesFlag(fs *flag.FlagSet) *string {
	return fs.String("templates", "", "katalogen `DIR` med mallspecifikationer (*.yaml) som läses in bredvid de inbyggda; en fil för ett år ersätter den inbyggda (eller "+TemplatesEnv+")")
}

// embeddedTemplates is the set every command starts from; tests replace it
// with an explicit set.
var embeddedTemplates = spec.Embedded

// clock is the time the year defaults follow; tests fix it.
var clock = time.Now

// loadTemplates returns the embedded specs with those of dir added (dir
// empty: $VILLKORSINTAG_TEMPLATES, if set). A spec replacing an embedded
// one is said on stderr; a bad spec stops the command with every problem
// named.
func loadTemplates(dir string, stderr io.Writer, cmd string) (*spec.Set, bool) {
	set, err := embeddedTemplates()
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag %s: de inbyggda mallarna: %v\n", cmd, err)
		return nil, false
	}
	if dir == "" {
		dir = os.Getenv(TemplatesEnv)
	}
	if dir == "" {
		return set, true
	}
	set, overrides, err := set.WithDir(dir)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag %s: mallarna i %s kan inte användas:\n%v\n", cmd, dir, err)
		return nil, false
	}
	for _, o := range overrides {
		if o.Replaced {
			fmt.Fprintf(stderr, "villkorsintag %s: mallen för %d läses från %s i stället för den inbyggda\n", cmd, o.Year, o.File)
		}
	}
	return set, true
}

// defaultYear is the year a command shows when none is asked for: the
// year whose intake window contains today, else the latest year with
// submissions, else the newest template's (spec.Set.DefaultYear).
func defaultYear(ctx context.Context, set *spec.Set, s *store.Store) int {
	years, _ := s.Years(ctx)
	return set.DefaultYear(clock(), years)
}

// serveTemplates is loadTemplates for serve: what was loaded from where
// goes to the log.
func serveTemplates(dir string, log *slog.Logger) (*spec.Set, bool) {
	set, err := embeddedTemplates()
	if err != nil {
		log.Error("templates", "err", err)
		return nil, false
	}
	if dir != "" {
		var overrides []spec.Override
		if set, overrides, err = set.WithDir(dir); err != nil {
			log.Error("templates", "dir", dir, "err", err)
			return nil, false
		}
		for _, o := range overrides {
			if o.Replaced {
				log.Warn("template file replaces the embedded spec", "year", o.Year, "file", o.File)
			} else {
				log.Info("template file", "year", o.Year, "file", o.File)
			}
		}
	}
	for _, t := range set.All() {
		log.Info("template", "year", t.Year, "source", set.Source(t.Year), "deadline", t.Deadline.Date,
			"intake_opens", t.Opens().Format("2006-01-02"), "intake_closes", t.Closes().AddDate(0, 0, -1).Format("2006-01-02"))
	}
	return set, true
}

// setYears lists the set's years, oldest first: "2023, 2024".
func setYears(set *spec.Set) string {
	var ys []string
	for _, t := range set.All() {
		ys = append(ys, strconv.Itoa(t.Year))
	}
	if len(ys) == 0 {
		return "inga"
	}
	return strings.Join(ys, ", ")
}
