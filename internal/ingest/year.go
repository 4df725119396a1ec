package ingest

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// moveYear files a reprocessed submission under the year its new check
// decided, when that is not the year it was filed under: in the new year
// it is placed like a new arrival (a new version, a resend of an identical
// version, or as before unassigned or without a readable report); in the
// old year, if it was the current version, the highest remaining version
// becomes current again. The move is in the audit log.
func (p *Pipeline) moveYear(ctx context.Context, tx *sqlx.Tx, sub *model.Submission, res *model.Result) error {
	year, err := strconv.Atoi(res.Template)
	if err != nil || year == sub.Year {
		return nil
	}
	from, before := sub.Year, sub.StateText()
	wasCurrent := sub.State == model.StateCurrent
	sub.Year, sub.ResendOf, sub.Version = year, nil, 0
	if err := place(ctx, tx, sub); err != nil {
		return err
	}
	if err := store.MoveSubmission(ctx, tx, sub); err != nil {
		return err
	}
	detail := fmt.Sprintf("från %d (%s) till %d (%s)", from, before, year, sub.StateText())
	if wasCurrent && sub.Organisation != "" {
		v, err := store.RestoreCurrent(ctx, tx, sub.Organisation, from)
		if err != nil {
			return err
		}
		if v > 0 {
			detail += fmt.Sprintf("; version %d är åter aktuell för %d", v, from)
		}
	}
	return store.Audit(ctx, tx, p.Now(), p.Actor, "move_year", &sub.MessageID, &sub.ID, detail)
}
