package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// failed lists the messages in the error folder: unusable, set aside after
// repeated attempts, or too large to load.
func (s *Server) failed(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Store.FailedMessages(r.Context())
	if err != nil {
		return err
	}
	var items []map[string]any
	for _, f := range list {
		items = append(items, map[string]any{"F": f, "At": stockholmText(&f.At), "Received": stockholmText(&f.Received),
			"Attempts": attemptsText(f)})
	}
	return s.render(w, r, "failed", map[string]any{"Nav": "fel", "Items": items}, "Ej behandlade meddelanden")
}

func attemptsText(f store.FailedMessage) string {
	switch {
	case f.MessageID == 0:
		return "inte inläst"
	case f.Attempts == 1:
		return "1 försök"
	}
	return strconv.Itoa(f.Attempts) + " försök"
}

// messageRaw sends a stored message as it was received.
func (s *Server) messageRaw(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound("Meddelandet")
	}
	msg, err := s.Store.Message(r.Context(), id)
	if err != nil {
		return err
	}
	raw, err := s.Store.MessageRaw(r.Context(), id)
	if err != nil {
		return err
	}
	name, ctype := fmt.Sprintf("meddelande-%d.eml", msg.ID), "message/rfc822"
	if msg.Format == "docx" {
		name, ctype = fmt.Sprintf("meddelande-%d.docx", msg.ID), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	download(w, name, ctype, raw)
	return nil
}

func (s *Server) apiFailed(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Store.FailedMessages(r.Context())
	if err != nil {
		return err
	}
	writeJSONStatus(w, http.StatusOK, list)
	return nil
}
