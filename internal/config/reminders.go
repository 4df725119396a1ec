package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Reminders are the automatic deadline reminders (påminnelser) to the
// bodies not heard from. Off by default; they need SMTP.
type Reminders struct {
	Enabled bool `yaml:"enabled"`
	// DaysBefore are the days before the last day on which a reminder is
	// sent (each at most once per body and year); default 14 and 3.
	DaysBefore Days `yaml:"days_before"`
}

// Days is a list of day counts, written in the file as a list or as one
// number.
type Days []int

// UnmarshalYAML reads a number or a list of numbers.
func (d *Days) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		var one int
		if err := n.Decode(&one); err != nil {
			return err
		}
		*d = Days{one}
		return nil
	}
	var list []int
	if err := n.Decode(&list); err != nil {
		return err
	}
	*d = list
	return nil
}

func reminderEnv(c *Config, env func(string) string, boolean func(string, *bool)) []error {
	boolean("VILLKORSINTAG_REMINDERS_ENABLED", &c.Reminders.Enabled)
	v := env("VILLKORSINTAG_REMINDERS_DAYS_BEFORE")
	if v == "" {
		return nil
	}
	var days Days
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return []error{fmt.Errorf("VILLKORSINTAG_REMINDERS_DAYS_BEFORE %q: whole numbers separated by commas", v)}
		}
		days = append(days, n)
	}
	c.Reminders.DaysBefore = days
	return nil
}

func (r *Reminders) validate(smtp bool) []error {
	var errs []error
	for _, n := range r.DaysBefore {
		if n < 0 || n > 365 {
			errs = append(errs, fmt.Errorf("reminders.days_before %d: 0 to 365 days before the last day", n))
		}
	}
	if s := slices.Sorted(slices.Values(r.DaysBefore)); len(slices.Compact(s)) != len(r.DaysBefore) {
		errs = append(errs, fmt.Errorf("reminders.days_before %v: each day once", []int(r.DaysBefore)))
	}
	if r.Enabled {
		if len(r.DaysBefore) == 0 {
			errs = append(errs, fmt.Errorf("reminders.days_before: at least one day with reminders.enabled (VILLKORSINTAG_REMINDERS_DAYS_BEFORE)"))
		}
		if !smtp {
			errs = append(errs, fmt.Errorf("reminders.enabled needs smtp.enabled: reminders are sent by mail"))
		}
	}
	return errs
}
