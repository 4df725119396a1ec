package oauth

import (
	"fmt"

	"github.com/emersion/go-sasl"
)

// xoauth2 is the SASL XOAUTH2 mechanism (Google, Microsoft): one initial
// response; on failure the server sends a JSON error as a challenge, which
// the client answers with an empty response to get the final NO.
type xoauth2 struct {
	user, token string
	// Challenge is the server's error, when there was one.
	challenge []byte
}

// NewXOAUTH2Client returns a SASL client for XOAUTH2.
func NewXOAUTH2Client(user, token string) sasl.Client { return &xoauth2{user: user, token: token} }

func (x *xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

func (x *xoauth2) Next(challenge []byte) ([]byte, error) {
	x.challenge = challenge
	if len(challenge) > 4096 {
		return nil, fmt.Errorf("xoauth2: a server challenge of %d bytes", len(challenge))
	}
	return []byte{}, nil
}

// NewOAuthBearerClient returns a SASL client for OAUTHBEARER (RFC 7628).
func NewOAuthBearerClient(user, token string) sasl.Client {
	return sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: user, Token: token})
}
