package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

func init() {
	register(command{name: "user", usage: "add [--db PATH] [--name NAME] [--role ROLE] USERNAME",
		summary: "lägg till en användare (lösenordet, minst 10 tecken, från VILLKORSINTAG_USER_PASSWORD eller standard in)", run: runUser})
}

func runUser(args []string, stdout, stderr io.Writer) int {
	c := commands["user"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	name := fs.String("name", "", "personens namn `NAME`")
	role := fs.String("role", store.RoleReader, "rollen `ROLE`: läsare (läser) eller handläggare (kan också göra ändringar)")
	// flags may come before or after "add"
	pos, err := parseFlags(fs, args)
	switch {
	case err != nil:
		return ExitFailure
	case len(pos) == 0:
		return usageError(fs, "underkommandot add saknas")
	case pos[0] != "add":
		return usageError(fs, "okänt underkommando %q; det som finns är add", pos[0])
	}
	pos = pos[1:]
	if !argCount(fs, pos, 1) {
		return ExitFailure
	}
	if *role != store.RoleReader && *role != store.RoleOfficer {
		return usageError(fs, "--role %q: %s eller %s", *role, store.RoleReader, store.RoleOfficer)
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "user add")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	password := os.Getenv("VILLKORSINTAG_USER_PASSWORD")
	if password == "" {
		fmt.Fprint(stderr, "Lösenord (minst 10 tecken): ")
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		password = strings.TrimRight(line, "\r\n")
	}
	if len(password) < 10 {
		fmt.Fprintf(stderr, "villkorsintag user add: lösenordet måste ha minst 10 tecken\n")
		return ExitFailure
	}
	u, err := s.CreateUser(ctx, pos[0], *name, password, *role)
	if err != nil {
		if errors.Is(err, store.ErrUserExists) {
			fmt.Fprintf(stderr, "villkorsintag user add: användaren %s finns redan\n", pos[0])
		} else {
			fmt.Fprintf(stderr, "villkorsintag user add: användaren %s kunde inte läggas till: %v\n", pos[0], err)
		}
		return ExitFailure
	}
	fmt.Fprintf(stdout, "användare %s (%s) tillagd\n", u.Username, u.Role)
	return ExitOK
}
