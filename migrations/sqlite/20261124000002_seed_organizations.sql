-- The bodies and associations the Kommunalgremium works with; municipalities come from the
-- Destatis register (gremium import-municipalities).
INSERT INTO organizations (kind, kind_rank, name, short_name, search_name, slug, website) VALUES
    ('body', 0, 'Föderale IT-Kooperation', 'FITKO', 'foederale it-kooperation fitko', 'fitko', 'https://www.fitko.de'),
    ('body', 0, 'IT-Planungsrat', 'IT-PLR', 'it-planungsrat it-plr', 'it-planungsrat', 'https://www.it-planungsrat.de'),
    ('association', 1, 'Vitako – Bundes-Arbeitsgemeinschaft der Kommunalen IT-Dienstleister', 'Vitako', 'vitako – bundes-arbeitsgemeinschaft der kommunalen it-dienstleister vitako', 'vitako', 'https://www.vitako.de'),
    ('association', 1, 'Kommunale Gemeinschaftsstelle für Verwaltungsmanagement', 'KGSt', 'kommunale gemeinschaftsstelle fuer verwaltungsmanagement kgst', 'kgst', 'https://www.kgst.de'),
    ('association', 1, 'Deutscher Landkreistag', 'DLT', 'deutscher landkreistag dlt', 'landkreistag', 'https://www.landkreistag.de'),
    ('association', 1, 'Deutscher Städtetag', 'DST', 'deutscher staedtetag dst', 'staedtetag', 'https://www.staedtetag.de'),
    ('association', 1, 'Deutscher Städte- und Gemeindebund', 'DStGB', 'deutscher staedte- und gemeindebund dstgb', 'dstgb', 'https://www.dstgb.de');
