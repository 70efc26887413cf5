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

-- Cluster membership for Orleans' ADO.NET clustering. One version row per deployment is the membership table's
-- etag: every insert or update of a silo row must bump it from the version the silo read, or it lost a race.
CREATE TABLE IF NOT EXISTS kpimesh_membership_version
(
    deployment_id varchar(150) NOT NULL PRIMARY KEY,
    changed_at    timestamptz  NOT NULL DEFAULT now(),
    version       integer      NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS kpimesh_membership
(
    deployment_id   varchar(150)  NOT NULL REFERENCES kpimesh_membership_version (deployment_id),
    address         varchar(45)   NOT NULL,
    port            integer       NOT NULL,
    generation      integer       NOT NULL,
    silo_name       varchar(150)  NOT NULL,
    host_name       varchar(150)  NOT NULL,
    status          integer       NOT NULL,
    proxy_port      integer,
    suspect_times   varchar(8000),
    start_time      timestamptz   NOT NULL,
    i_am_alive_time timestamptz   NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- The etag's bump, from the version the silo read to the next, for both writes of a silo row (InsertMembershipKey,
-- UpdateMembershipKey): a row back (the deployment) means the silo won the race; none, that it lost and writes nothing.
-- A function in the query's FROM runs once per query, as the data-modifying CTE it replaces did.
CREATE OR REPLACE FUNCTION kpimesh_bump_membership_version(deployment text, read_version bigint) RETURNS SETOF varchar
LANGUAGE sql AS $$
    UPDATE kpimesh_membership_version SET version = version + 1, changed_at = now()
     WHERE deployment_id = deployment AND version = read_version
    RETURNING deployment_id
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipVersionKey', '
WITH inserted AS (
    INSERT INTO kpimesh_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM inserted')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipKey', '
WITH inserted AS (
    INSERT INTO kpimesh_membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
      FROM kpimesh_bump_membership_version(@DeploymentId, @Version) AS bumped (deployment_id)
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM inserted')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateMembershipKey', '
WITH updated AS (
    UPDATE kpimesh_membership m
       SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
      FROM kpimesh_bump_membership_version(@DeploymentId, @Version) AS bumped (deployment_id)
     WHERE m.deployment_id = bumped.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1)
SELECT count(*)::integer FROM updated')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateIAmAlivetimeKey', '
UPDATE kpimesh_membership SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- A silo row under the names Orleans' membership reads it by (the contract), for both reads below: each answers the
-- deployment's version beside its rows, and the version alone where there is no row.
CREATE OR REPLACE VIEW kpimesh_membership_entry AS
SELECT deployment_id, address AS Address, port AS Port, generation AS Generation, silo_name AS SiloName, host_name AS HostName,
       status AS Status, proxy_port AS ProxyPort, suspect_times AS SuspectTimes, start_time AS StartTime, i_am_alive_time AS IAmAliveTime
  FROM kpimesh_membership;

INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadRowKey', '
SELECT v.deployment_id AS DeploymentId, m.*, v.version AS Version
  FROM kpimesh_membership_version v
  LEFT JOIN kpimesh_membership_entry m
    ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
 WHERE v.deployment_id = @DeploymentId')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadAllKey', '
SELECT v.deployment_id AS DeploymentId, m.*, v.version AS Version
  FROM kpimesh_membership_version v
  LEFT JOIN kpimesh_membership_entry m ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteMembershipTableEntriesKey', '
DELETE FROM kpimesh_membership WHERE deployment_id = @DeploymentId;
DELETE FROM kpimesh_membership_version WHERE deployment_id = @DeploymentId')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('GatewaysQueryKey', '
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
  FROM kpimesh_membership
 WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- Released Orleans 10.x scripts lack this query; without it the periodic cleanup of dead silos fails.
INSERT INTO orleansquery (querykey, querytext) VALUES ('CleanupDefunctSiloEntriesKey', '
DELETE FROM kpimesh_membership
 WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- The submission log: every accepted submission, in order. A submission id is unique across the whole log, so a
-- retry stores nothing new; period_end orders periods of different granularity; seq orders the rest.
CREATE TABLE IF NOT EXISTS kpimesh_submission
(
    seq           bigint       NOT NULL PRIMARY KEY,
    submission_id varchar(128) UNIQUE,
    unit          varchar(32)  NOT NULL,
    indicator     varchar(64)  NOT NULL,
    option        varchar(64),
    numerator     bigint       NOT NULL,
    denominator   bigint       NOT NULL,
    period        varchar(7)   NOT NULL,
    period_end    date         NOT NULL,
    fingerprint   text         NOT NULL,
    submitted_by  varchar(128) NOT NULL,
    received_at   timestamptz  NOT NULL DEFAULT now()
);
CREATE SEQUENCE IF NOT EXISTS kpimesh_submission_seq OWNED BY kpimesh_submission.seq;
CREATE INDEX IF NOT EXISTS kpimesh_submission_series ON kpimesh_submission (unit, indicator, option, period_end DESC, seq DESC);

-- The recovery checkpoint of each service (Checkpointer): every log row at or below seq is reflected in that
-- service's durable grain state, its unit's and every ancestor's, so a starting process replays only rows above it.
CREATE TABLE IF NOT EXISTS kpimesh_checkpoint
(
    service_id  varchar(150) NOT NULL PRIMARY KEY,
    seq         bigint       NOT NULL,
    advanced_at timestamptz  NOT NULL DEFAULT now()
);
