package scmsim

import (
	"slices"
	"strings"
)

// Wire structs of the organization area (scm-api.md §8).
type orgItem struct {
	ID          int        `json:"id"`
	Name        string     `json:"name"`
	CertTypes   []string   `json:"certTypes"`
	Departments []deptItem `json:"departments"`
}

type deptItem struct {
	ID         int      `json:"id"`
	Name       string   `json:"name"`
	ParentName string   `json:"parentName"`
	CertTypes  []string `json:"certTypes"`
}

type orgDetails struct {
	orgItem
	ParentID              int    `json:"parentId,omitempty"`
	ParentName            string `json:"parentName,omitempty"`
	City                  string `json:"city,omitempty"`
	Country               string `json:"country,omitempty"`
	SSLCertsAPIEnabled    bool   `json:"sslCertsApiEnabled"`
	ClientCertsAPIEnabled bool   `json:"clientCertsApiEnabled"`
}

type managedItem struct {
	ID         int    `json:"id"`
	Name       string `json:"name"`
	ParentName string `json:"parentName,omitempty"`
}

func (s *Server) organizationRoutes() []route {
	return []route{
		{pattern: "GET /organization/v1", ctype: typeJSON, h: s.orgList},
		{pattern: "GET /organization/v1/{id}", ctype: typeJSON, h: s.orgGet},
		{pattern: "GET /organization/v1/managedBy/{role}", ctype: typeJSON, h: s.orgManagedBy},
		{pattern: "GET /organization/v1/managed-by/{role}", ctype: typeJSON, h: s.orgManagedBy},
		{pattern: "GET /organization/v1/report-type/{type}", ctype: typeJSON, h: s.orgReportType},
	}
}

// visibleOrgs lists the organizations the admin manages, departments inline.
// It is not paginated (§8.1).
func (s *Server) visibleOrgs(a Admin) []orgItem {
	return collect(s.w.Organizations, func(o *Organization) (orgItem, bool) {
		if !s.canSee(a, o.ID) {
			return orgItem{}, false
		}
		return toOrgItem(*o), true
	})
}

func toOrgItem(o Organization) orgItem {
	item := orgItem{ID: o.ID, Name: o.Name, CertTypes: nonNil(o.CertTypes), Departments: []deptItem{}}
	for _, d := range o.Departments {
		item.Departments = append(item.Departments,
			deptItem{ID: d.ID, Name: d.Name, ParentName: o.Name, CertTypes: nonNil(d.CertTypes)})
	}
	return item
}

func nonNil(in []string) []string {
	if in == nil {
		return []string{}
	}
	return in
}

func (s *Server) orgList(c *call) error {
	return c.json(s.visibleOrgs(c.admin))
}

// orgGet answers details for an organization or a department (a department
// carries parentId/parentName and has no departments of its own).
func (s *Server) orgGet(c *call) error {
	id, err := c.pathID("id", -1, "Organization")
	if err != nil {
		return err
	}
	ref, ok := s.org(id)
	if !ok || !s.canSee(c.admin, id) {
		return notFound(-1, "Organization", id)
	}
	d := orgDetails{SSLCertsAPIEnabled: true, ClientCertsAPIEnabled: true}
	for _, o := range s.w.Organizations {
		if o.ID == ref.ID {
			d.orgItem, d.City, d.Country = toOrgItem(o), o.City, o.Country
		}
		if o.ID == ref.ParentID {
			d.orgItem = orgItem{ID: ref.ID, Name: ref.Name, CertTypes: nonNil(ref.CertTypes), Departments: []deptItem{}}
			d.ParentID, d.ParentName, d.City, d.Country = o.ID, o.Name, o.City, o.Country
		}
	}
	return c.json(d)
}

// orgManagedBy lists, flat, what the admin manages in a role: RAO_* roles
// give organizations, DRAO_* roles departments.
func (s *Server) orgManagedBy(c *call) error {
	role := strings.ToUpper(c.r.PathValue("role"))
	wantDepts := strings.HasPrefix(role, "DRAO_")
	if !wantDepts && !strings.HasPrefix(role, "RAO_") {
		return invalid("role", "'%s' is not a known role", c.r.PathValue("role"))
	}
	out := []managedItem{}
	for _, o := range s.visibleOrgs(c.admin) {
		if !wantDepts {
			out = append(out, managedItem{ID: o.ID, Name: o.Name})
			continue
		}
		for _, d := range o.Departments {
			out = append(out, managedItem{ID: d.ID, Name: d.Name, ParentName: o.Name})
		}
	}
	return c.json(out)
}

// reportTypes maps the path value to the certType an organization must have.
var reportTypes = map[string]string{"SSL": "SSL", "Client": "SMIME", "Device": "Device", "CodeSign": "CodeSign"}

func (s *Server) orgReportType(c *call) error {
	t := c.r.PathValue("type")
	certType, ok := reportTypes[t]
	if !ok {
		return invalid("type", "'%s' is not one of SSL, Client, Device, CodeSign", t)
	}
	out := []orgItem{}
	for _, o := range s.visibleOrgs(c.admin) {
		if certType == "Device" || slices.Contains(o.CertTypes, certType) {
			out = append(out, o)
		}
	}
	return c.json(out)
}
