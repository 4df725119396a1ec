package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

func init() {
	register(command{name: "user", usage: "add [--db PATH] [--name NAME] [--role läsare|handläggare] USERNAME",
		summary: "add a case officer (password from VILLKORSINTAG_USER_PASSWORD or standard input)", run: runUser})
}

func runUser(args []string, stdout, stderr io.Writer) int {
	c := commands["user"]
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintf(stderr, "usage: villkorsintag user %s\n", c.usage)
		return ExitFailure
	}
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", store.RoleReader, "läsare (read) or handläggare (actions)")
	pos, ok := positional(fs, args[1:], 1)
	if !ok {
		return ExitFailure
	}
	password := os.Getenv("VILLKORSINTAG_USER_PASSWORD")
	if password == "" {
		fmt.Fprint(stderr, "Lösenord (minst 10 tecken): ")
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		password = strings.TrimRight(line, "\r\n")
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "user add")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	u, err := s.CreateUser(ctx, pos[0], *name, password, *role)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag user add: %v\n", err)
		return ExitFailure
	}
	fmt.Fprintf(stdout, "användare %s (%s) tillagd\n", u.Username, u.Role)
	return ExitOK
}
