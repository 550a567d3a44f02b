package scmsim

import "net/http"

// oauth2Admin registers the admin calls for API clients and tokens.
func (s *Server) oauth2Admin(mux *http.ServeMux) {
	mux.Handle("GET /admin/oauth2/clients", adminGet(s.APIClients))
	mux.Handle("POST /admin/oauth2/clients", adminOp(s.adminAddClient))
	mux.Handle("POST /admin/oauth2/clients/{id}/disable", adminClient(s.DisableAPIClient))
	mux.Handle("POST /admin/oauth2/clients/{id}/enable", adminClient(s.EnableAPIClient))
	mux.Handle("GET /admin/oauth2/tokens", adminGet(s.IssuedTokens))
}

// adminAddClient takes {"client_id", "client_secret", "admin"?}.
func (s *Server) adminAddClient(r *http.Request) (any, error) {
	var c APIClient
	if err := decodeAdmin(r, &c); err != nil {
		return nil, err
	}
	return nil, s.AddAPIClient(c)
}

// adminClient runs an operation on the path's client {id}.
func adminClient(op func(string) error) adminOp {
	return func(r *http.Request) (any, error) { return nil, op(r.PathValue("id")) }
}
