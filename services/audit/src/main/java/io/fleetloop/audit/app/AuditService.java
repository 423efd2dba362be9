package io.fleetloop.audit.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fleetloop.audit.command.DataTriggerAggregate;
import io.fleetloop.audit.command.DatasetAggregate;
import io.fleetloop.audit.command.DeviceAggregate;
import io.fleetloop.audit.command.FleetReleaseAggregate;
import io.fleetloop.audit.command.HardwarePoolAggregate;
import io.fleetloop.audit.command.RecordCommand;
import io.fleetloop.audit.command.TrainingRunAggregate;
import io.fleetloop.audit.query.LineageProjection;
import io.fleetloop.audit.query.LineageQueries;
import io.fleetloop.audit.store.AuditSchema;
import io.fleetloop.audit.store.AuditSerializer;
import io.fleetloop.audit.store.ChainVerifier;
import io.fleetloop.audit.store.ChainedAppendStatementBuilder;
import io.fleetloop.audit.store.EventLogReader;
import io.fleetloop.audit.store.JdbcTransactionManager;
import io.fleetloop.audit.store.LruCache;
import io.fleetloop.audit.store.StreamHeads;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit service in one object: the connection pool, the schema, Axon (aggregates on the JDBC
 * event store with Jackson, the lineage tracking processor, the query bus), and the readers for
 * timelines and verification. The gRPC layer and the tests use it; so does {@code main}.
 */
public final class AuditService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);

  /** The event store's tables and columns, as {@code V1__event_store.sql} creates them. */
  static final EventSchema EVENT_SCHEMA =
      EventSchema.builder()
          .eventTable("domain_event_entry")
          .snapshotTable("snapshot_event_entry")
          .globalIndexColumn("global_index")
          .timestampColumn("time_stamp")
          .eventIdentifierColumn("event_identifier")
          .aggregateIdentifierColumn("aggregate_identifier")
          .sequenceNumberColumn("sequence_number")
          .typeColumn("type")
          .payloadTypeColumn("payload_type")
          .payloadRevisionColumn("payload_revision")
          .payloadColumn("payload")
          .metaDataColumn("meta_data")
          .build();

  static final TokenSchema TOKEN_SCHEMA =
      TokenSchema.builder()
          .setTokenTable("token_entry")
          .setProcessorNameColumn("processor_name")
          .setSegmentColumn("segment")
          .setTokenColumn("token")
          .setTokenTypeColumn("token_type")
          .setTimestampColumn("timestamp")
          .setOwnerColumn("owner")
          .build();

  private final AuditConfig config;
  private final HikariDataSource dataSource;
  private final JdbcTransactionManager transactions;
  private final Configuration axon;
  private final AuditLog log;
  private final EventLogReader reader;
  private final ChainVerifier verifier;
  private final List<LruCache> caches = new java.util.ArrayList<>();

  private AuditService(AuditConfig config) {
    this.config = config;
    System.setProperty("axoniq.update-checker.disabled", "true");
    System.setProperty("disable-axoniq-console-message", "true");
    AuditSchema.migrate(bootstrapDataSource(config), config.schema());
    this.dataSource = pool(config);
    this.transactions = new JdbcTransactionManager(dataSource);
    if (LineageProjection.prepare(dataSource)) {
      LOG.info("lineage projection (re)built from the log");
    }
    // one head per stream the aggregate caches can hold (six aggregate types)
    StreamHeads streamHeads = new StreamHeads(6 * config.aggregateCacheSize());
    Serializer serializer = AuditSerializer.create();
    Serializer snapshots = AuditSerializer.forSnapshots();
    JdbcEventStorageEngine engine =
        JdbcEventStorageEngine.builder()
            .connectionProvider(transactions)
            .transactionManager(transactions)
            .eventSerializer(serializer)
            .snapshotSerializer(snapshots)
            .dataType(byte[].class)
            .schema(EVENT_SCHEMA)
            .persistenceExceptionResolver(new SQLStateResolver("23505"))
            .appendEvents(new ChainedAppendStatementBuilder(streamHeads))
            .batchSize(config.projectionBatchSize())
            .build();
    Configurer configurer =
        DefaultConfigurer.defaultConfiguration(false)
            .configureSerializer(c -> serializer)
            .configureEventSerializer(c -> serializer)
            .configureMessageSerializer(c -> serializer)
            .configureTransactionManager(c -> transactions)
            .configureEventStore(
                c ->
                    EmbeddedEventStore.builder()
                        .storageEngine(engine)
                        .fetchDelay(200)
                        .messageMonitor(c.messageMonitor(EmbeddedEventStore.class, "eventStore"))
                        .build())
            .configureCorrelationDataProviders(
                c ->
                    List.of(
                        new SimpleCorrelationDataProvider(
                            ChainedAppendStatementBuilder.IDEMPOTENCY_KEY,
                            AuditLog.REQUEST_KEY,
                            "actor",
                            "occurredAt")))
            .configureCommandBus(
                c -> {
                  // transactions are the append path's (one per batch), not one per command
                  SimpleCommandBus bus =
                      SimpleCommandBus.builder()
                          .transactionManager(NoTransactionManager.INSTANCE)
                          .build();
                  bus.registerHandlerInterceptor(
                      new CorrelationDataInterceptor<>(c.correlationDataProviders()));
                  return bus;
                })
            .registerQueryHandler(c -> new LineageQueries(transactions))
            .eventProcessing(
                ep -> {
                  if (config.projections()) {
                    ep.registerTrackingEventProcessor(
                            LineageProjection.PROCESSING_GROUP,
                            Configuration::eventStore,
                            c ->
                                TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                    .andBatchSize(config.projectionBatchSize()))
                        .registerTokenStore(
                            LineageProjection.PROCESSING_GROUP,
                            c ->
                                JdbcTokenStore.builder()
                                    .connectionProvider(transactions)
                                    .serializer(serializer)
                                    .schema(TOKEN_SCHEMA)
                                    .claimTimeout(Duration.ofSeconds(5))
                                    .build())
                        .registerEventHandler(c -> new LineageProjection(transactions));
                  }
                });
    for (Class<?> type :
        List.of(
            DataTriggerAggregate.class,
            DatasetAggregate.class,
            TrainingRunAggregate.class,
            FleetReleaseAggregate.class,
            DeviceAggregate.class,
            HardwarePoolAggregate.class)) {
      LruCache cache = new LruCache(config.aggregateCacheSize());
      caches.add(cache);
      configurer.configureAggregate(
          AggregateConfigurer.defaultConfiguration(type)
              .configureCache(c -> cache)
              .configureCommandTargetResolver(c -> RecordCommand.TARGET_RESOLVER));
    }
    this.axon = configurer.buildConfiguration();
    this.axon.start();
    this.log =
        new AuditLog(
            axon.commandBus(),
            transactions,
            dataSource,
            streamHeads,
            id -> {
              caches.forEach(cache -> cache.remove(id));
              streamHeads.forget(id);
            });
    this.reader = new EventLogReader(dataSource);
    this.verifier = new ChainVerifier(dataSource);
    LOG.info("audit log ready on {} (schema {})", config.jdbcUrl(), config.schema());
  }

  /** Starts the service on {@code config}'s database (migrating its schema first). */
  public static AuditService start(AuditConfig config) {
    return new AuditService(config);
  }

  public AuditConfig config() {
    return config;
  }

  /** The append path. */
  public AuditLog log() {
    return log;
  }

  /** Stored events as they are. */
  public EventLogReader reader() {
    return reader;
  }

  /** Hash-chain verification. */
  public ChainVerifier verifier() {
    return verifier;
  }

  /** Asks the lineage projection; throws {@code NotFoundException} when it knows nothing. */
  public <R> R query(Object query, Class<R> answer) {
    QueryGateway gateway = axon.queryGateway();
    try {
      return gateway.query(query, ResponseTypes.instanceOf(answer)).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof org.axonframework.messaging.HandlerExecutionException
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** The last global index the lineage projection has applied (0 before the first event). */
  public long projectionPosition() {
    if (!config.projections()) {
      return 0;
    }
    return lineageProcessor().processingStatus().values().stream()
        .map(EventTrackerStatus::getCurrentPosition)
        .filter(OptionalLong::isPresent)
        .mapToLong(OptionalLong::getAsLong)
        .min()
        .orElse(0);
  }

  /**
   * Waits until the lineage projection has applied the log up to {@code globalIndex}.
   *
   * @return false when the timeout passed first
   */
  public boolean awaitProjection(long globalIndex, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (projectionPosition() < globalIndex) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    return true;
  }

  /** Drops the projection's tables and rebuilds them by replaying the whole log. */
  public void rebuildProjections() {
    TrackingEventProcessor processor = lineageProcessor();
    processor.shutDown();
    processor.resetTokens();
    processor.start();
  }

  private TrackingEventProcessor lineageProcessor() {
    return axon.eventProcessingConfiguration()
        .eventProcessor(LineageProjection.PROCESSING_GROUP, TrackingEventProcessor.class)
        .orElseThrow();
  }

  @Override
  public void close() {
    try {
      if (config.projections()) {
        lineageProcessor().shutDown();
      }
      axon.shutdown();
    } finally {
      dataSource.close();
    }
  }

  private static HikariDataSource pool(AuditConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("audit-" + config.schema());
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setSchema(config.schema());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(1);
    hikari.setConnectionTimeout(10_000);
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    hikari.addDataSourceProperty("tcpKeepAlive", "true");
    return new HikariDataSource(hikari);
  }

  private static javax.sql.DataSource bootstrapDataSource(AuditConfig config) {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setUrl(config.jdbcUrl());
    ds.setUser(config.user());
    ds.setPassword(config.password());
    return ds;
  }
}
