-- KpiMesh's PostgreSQL schema. Applied by PostgresSchema at every start: every statement is idempotent.
--
-- Orleans' ADO.NET providers run the named queries they find in orleansquery; the SQL scripts Orleans ships are
-- not in its NuGet packages, so this file defines the table and the queries the providers expect (their
-- parameter names and result column names are the contract) over KpiMesh's own tables.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64)   NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);

-- Grain state. A grain is identified by service, type and id; the string key extension is '' when absent so the
-- whole identity can be the primary key (KpiMesh grains always have a non-empty string key).
CREATE TABLE IF NOT EXISTS kpimesh_grain_state
(
    service_id      varchar(150) NOT NULL,
    grain_type_hash integer      NOT NULL,
    grain_id_hash   integer      NOT NULL,
    grain_type      varchar(512) NOT NULL,
    grain_id_n0     bigint       NOT NULL,
    grain_id_n1     bigint       NOT NULL,
    grain_id_ext    varchar(512) NOT NULL,
    payload         bytea,
    version         integer      NOT NULL,
    modified_on     timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type_hash, grain_id_hash, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

-- Write: with a version, update only that version (optimistic concurrency); without one, insert only if no row
-- exists. Returning the version the caller sent (or null) tells Orleans the write lost a race.
INSERT INTO orleansquery (querykey, querytext) VALUES ('WriteToStorageKey', '
WITH updated AS (
    UPDATE kpimesh_grain_state
       SET payload = @PayloadBinary, version = version + 1, modified_on = now()
     WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
       AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
       AND @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
    RETURNING version),
inserted AS (
    INSERT INTO kpimesh_grain_state (service_id, grain_type_hash, grain_id_hash, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainIdHash, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''), @PayloadBinary, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT COALESCE((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion) AS NewGrainStateVersion')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
  FROM kpimesh_grain_state
 WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
   AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ClearStorageKey', '
UPDATE kpimesh_grain_state
   SET payload = NULL, version = version + 1, modified_on = now()
 WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
   AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
   AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
