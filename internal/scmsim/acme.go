package scmsim

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/scmkit/sectigo/internal/scmsim/acmesrv"
)

// Wire structs of the ACME area (scm-api.md §6).
type acmeServerWire struct {
	URL                string `json:"url"`
	CAID               int    `json:"caId"`
	Name               string `json:"name"`
	SingleProductID    int    `json:"singleProductId"`
	MultiProductID     int    `json:"multiProductId"`
	WCProductID        int    `json:"wcProductId"`
	CertValidationType string `json:"certValidationType"`
}

type acmeAccountWire struct {
	ID                 int               `json:"id"`
	Name               string            `json:"name"`
	Status             string            `json:"status"`
	MacKey             string            `json:"macKey"`
	MacID              string            `json:"macId"`
	ACMEServer         string            `json:"acmeServer"`
	OrganizationID     int               `json:"organizationId"`
	CertValidationType string            `json:"certValidationType"`
	AccountID          string            `json:"accountId"`
	OVOrderNumber      int               `json:"ovOrderNumber"`
	Contacts           string            `json:"contacts"`
	Domains            *[]acmeDomainName `json:"domains,omitempty"` // v1 only
}

type acmeDomainName struct {
	Name string `json:"name"`
}

type acmeCreateReq struct {
	Name           string  `json:"name"`
	ACMEServer     string  `json:"acmeServer"`
	OrganizationID flexInt `json:"organizationId"`
}

// acmeRenameReq is PUT .../account/{id}: the name is all an update changes.
type acmeRenameReq struct {
	Name string `json:"name"`
}

func (s *Server) acmeRoutes() []route {
	rs := []route{{pattern: "GET /acme/v1/server", ctype: typeJSON, h: s.acmeServers}}
	for _, v := range []string{"v1", "v2"} {
		base := "/acme/" + v + "/account"
		rs = append(rs,
			route{pattern: "GET " + base, ctype: typeJSON, h: s.acmeList},
			route{pattern: "POST " + base, ctype: typeJSON, h: s.acmeCreate, unlocked: true},
			route{pattern: "GET " + base + "/{id}", ctype: typeJSON, h: s.acmeGet},
			route{pattern: "PUT " + base + "/{id}", ctype: typeJSON, h: s.acmeRename},
			route{pattern: "DELETE " + base + "/{id}", ctype: typeJSON, h: s.acmeDelete},
		)
	}
	return append(rs, s.acmeDomainRoutes()...)
}

// serverURL is where the embedded ACME server answers for srv, built from
// the request so that it works on any host and port.
func (c *call) serverURL(srv *ACMEServer) string {
	return c.base() + strings.Replace(acmesrv.DirectoryPattern, "{name}", srv.Key, 1)
}

// findServer accepts a server's name or its URL (any host: only the path
// /acme/v2/<key> is compared), because SCM's docs send the name and real
// clients the URL (§6.2).
func (s *Server) findServer(v string) *ACMEServer {
	v = strings.TrimSpace(v)
	key := ""
	if u, err := url.Parse(v); err == nil && u.Host != "" {
		key, _ = strings.CutPrefix(strings.TrimSuffix(u.Path, "/"), "/acme/v2/")
	}
	return find(s.w.ACMEServers, func(srv *ACMEServer) bool {
		return srv.Name == v || (key != "" && srv.Key == key)
	})
}

func (s *Server) serverByKey(key string) *ACMEServer {
	return find(s.w.ACMEServers, func(srv *ACMEServer) bool { return srv.Key == key })
}

// acmeServers filters: name and url (case-insensitive substring),
// certValidationType and caId (exact). Paged, without X-Total-Count.
func (s *Server) acmeServers(c *call) error {
	q := c.filters()
	caID := q.int("caId", 0)
	return list(c, q, false, s.w.ACMEServers, func(srv *ACMEServer) (acmeServerWire, bool) {
		w := acmeServerWire{URL: c.serverURL(srv), CAID: srv.CAID, Name: srv.Name,
			SingleProductID: srv.SingleProductID, MultiProductID: srv.MultiProductID,
			WCProductID: srv.WCProductID, CertValidationType: srv.CertValidationType}
		ok := containsFold(w.Name, q.Get("name")) && containsFold(w.URL, q.Get("url")) &&
			(q.Get("certValidationType") == "" || strings.EqualFold(q.Get("certValidationType"), w.CertValidationType)) &&
			(caID == 0 || caID == w.CAID)
		return w, ok
	})
}

func (c *call) isV1() bool { return strings.HasPrefix(c.r.URL.Path, c.prefix+"/acme/v1/") }

func (s *Server) accountWire(c *call, a *ACMEAccount) acmeAccountWire {
	w := acmeAccountWire{ID: a.ID, Name: a.Name, Status: a.Status, MacKey: a.MacKey, MacID: a.MacID,
		OrganizationID: a.OrgID, CertValidationType: a.CertValidationType, AccountID: a.MacID}
	if srv := s.serverByKey(a.ServerKey); srv != nil {
		w.ACMEServer = c.serverURL(srv)
	}
	if c.isV1() {
		names := []acmeDomainName{}
		for _, d := range a.Domains {
			names = append(names, acmeDomainName{Name: d.Name})
		}
		w.Domains = &names
	}
	return w
}

// visibleAccount resolves {id} to a live account in the admin's scope.
func (c *call) visibleAccount() (*ACMEAccount, error) {
	return pathObject(c, -1, "ACME account", c.s.account,
		func(a *ACMEAccount) bool { return c.s.canSee(c.admin, a.OrgID) })
}

func (s *Server) acmeGet(c *call) error {
	a, err := c.visibleAccount()
	if err != nil {
		return err
	}
	return c.json(s.accountWire(c, a))
}

// acmeRename changes the name, the only field SCM lets an update change.
func (s *Server) acmeRename(c *call) error {
	a, req, err := targetAndBody[acmeRenameReq](c, c.visibleAccount)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(req.Name)
	if name == "" {
		return required("name")
	}
	if a.Name != name {
		a.Name = name
		c.commit()
	}
	return c.status(http.StatusOK)
}

// acmeDelete marks the account deleted: it disappears from the API and its
// EAB kid is refused by the ACME server. strict_acme_delete refuses pending
// accounts, as SCM was observed to do.
func (s *Server) acmeDelete(c *call) error {
	a, err := c.visibleAccount()
	if err != nil {
		return err
	}
	if s.knobs.StrictACMEDelete && a.Status == "pending" {
		return badRequest(-1, "ACME account '%s' is pending and cannot be deleted", a.Name)
	}
	a.Deleted = true
	return c.commitStatus(http.StatusNoContent)
}

func itoa(n int) string { return strconv.Itoa(n) }
