package io.fleetloop.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one seam between the project and the fabric8 CRUD mock ({@code kubernetes-server-mock}
 * 7.5.2): every request to the local API server passes through here, and everything else in the
 * project only sees a kubeconfig or a {@code KubernetesClient}.
 *
 * <h2>What the mock does not do (and stays so)</h2>
 *
 * <ul>
 *   <li>No server-side apply (answered 415 here at once, with a message saying so). Operators must
 *       patch without SSA (JOSDK: {@code withUseSSAToPatchPrimaryResource(false)}).
 *   <li>No strategic merge patch with lists or {@code $}-directives (415); no protobuf request
 *       bodies (415): {@code kubectl create configmap|secret|...} generators send protobuf, {@code
 *       kubectl apply -f} and {@code create -f} send JSON and work (with {@code --validate=false}).
 *   <li>No OpenAPI documents, so no schema or CEL validation (the project validates itself); no
 *       owner-reference garbage collection; no admission; no {@code in}/{@code notin} label
 *       selectors; no pagination ({@code limit}/{@code continue} ignored: lists are whole); no
 *       dryRun; no HTTP streaming watches (WebSocket watches and informers work, {@code kubectl get
 *       -w} does not).
 *   <li>A write to the main resource does not protect the status of <em>built-in</em> kinds (only
 *       of CRDs with a status subresource); a patch or update of a custom resource without status
 *       stores {@code status: null}.
 *   <li>Every request scans the whole store, so it slows as the store grows.
 * </ul>
 *
 * <h2>What this seam adds or corrects</h2>
 *
 * <ol>
 *   <li><b>JSON merge patch (RFC 7386).</b> The mock merges with Jackson's {@code
 *       readerForUpdating}, which <em>appends</em> arrays and keeps members patched to {@code null}
 *       (pinned by {@code BareMockMergePatchIT}): patching {@code status.conditions} with one
 *       condition on top of one existing condition left two. That broke {@code patchStatus} (a
 *       merge patch of the status subresource) and {@code kubectl apply} on custom resources. Here
 *       an {@code application/merge-patch+json} request is applied with {@link JsonMergePatch} to
 *       the stored object and handed to the mock as the equivalent JSON Patch ({@code add}/{@code
 *       remove} of each top-level member), so the mock's own rules still apply: status subresource,
 *       generation bump on spec changes, resourceVersion, 409 when the patch carries a stale
 *       resourceVersion. The read and the write run under one lock taken by every write, so no
 *       write slips between them.
 *   <li><b>Discovery.</b> The mock serves a fixed root path list and APIResourceLists without short
 *       names, categories, verbs or subresources. Here {@code /version} (1.32), {@code /api},
 *       {@code /api/v1}, {@code /apis}, {@code /apis/<g>} and {@code /apis/<g>/<v>} are computed
 *       per request from the CRDs stored in the server plus the built-in kinds of {@link
 *       BuiltinResources}, so {@code kubectl get fleetloop} (category) and {@code kubectl get dtr}
 *       (short name) resolve. {@code /healthz}, {@code /livez}, {@code /readyz} answer {@code ok};
 *       {@code /openapi/*} and other unknown paths answer 404 (the mock answered with every stored
 *       object).
 *   <li><b>Printer columns.</b> When kubectl asks for a {@code Table}, custom resources are printed
 *       with the CRD's {@code additionalPrinterColumns} ({@link TablePrinter}), as a real API
 *       server does.
 *   <li><b>Strategic merge patch of plain objects.</b> A strategic merge patch without arrays and
 *       {@code $}-directives means the same as a JSON merge patch and is applied as one (so {@code
 *       kubectl apply} can update a ConfigMap's data).
 *   <li><b>Hanging requests.</b> An exception inside the mock left the request unanswered until the
 *       client timed out; here it becomes a 500 with a {@code Status} body and a log line.
 *   <li><b>Memory.</b> The mock's web server records every request in an unbounded queue; each
 *       dispatch drains one entry, so a long-running {@code fleetloop up} does not grow without
 *       bound.
 *   <li>Responses with a body get {@code Content-Type: application/json}; errors are {@code Status}
 *       objects.
 * </ol>
 */
public final class ApiServerDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServerDispatcher.class);
  private static final String CONTENT_TYPE = "Content-Type";
  private static final String JSON = "application/json";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
  private static final String AUTHORIZATION_PATH = "/apis/authorization.k8s.io/v1/";

  private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  /** {@code /apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>]} */
  private static final Pattern CUSTOM_RESOURCE_PATH =
      Pattern.compile("/apis/([^/]+)/([^/]+)(/namespaces/[^/]+)?/([^/]+)(/[^/]+)?");

  private final KubernetesCrudDispatcher crud;
  private final MockWebServer server;
  private final VersionInfo version;
  private final ObjectMapper mapper = new ObjectMapper();
  private final ReentrantLock writeLock = new ReentrantLock();

  /**
   * @param crud the mock's CRUD store
   * @param server the web server this dispatcher is installed in (its request log is drained)
   * @param version what {@code /version} reports
   */
  public ApiServerDispatcher(
      KubernetesCrudDispatcher crud, MockWebServer server, VersionInfo version) {
    this.crud = crud;
    this.server = server;
    this.version = version;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return withJsonContentType(route(request));
    } catch (RuntimeException e) {
      LOG.error("local API server failed on {} {}", request.getMethod(), request.getPath(), e);
      return status(500, "InternalError", "local API server: " + e);
    } finally {
      drainRequestLog();
    }
  }

  private MockResponse route(RecordedRequest request) {
    String path = request.getPath();
    String rawPath = stripQuery(path);
    HttpMethod method = request.method();
    if (method == HttpMethod.GET) {
      Optional<MockResponse> fixed = discoveryOrHealth(rawPath, request);
      if (fixed.isPresent()) {
        return fixed.get();
      }
    }
    if (!rawPath.startsWith("/api/") && !rawPath.startsWith("/apis/")) {
      return status(404, "NotFound", "the server could not find the requested resource");
    }
    if (method == HttpMethod.GET) {
      MockResponse response = crud.dispatch(request);
      if (TablePrinter.wantsTable(request.getHeader("Accept"))
          && response.code() == 200
          && response.getWebSocketListener() == null) {
        return asTable(rawPath, response);
      }
      return response;
    }
    if (contentType(request).startsWith(PROTOBUF)) {
      // kubectl sends built-in kinds as protobuf first and switches to JSON on a 415
      return status(
          415, "UnsupportedMediaType", "the local API server accepts JSON only, not " + PROTOBUF);
    }
    if (method == HttpMethod.POST && rawPath.startsWith(AUTHORIZATION_PATH)) {
      return accessReview(request, rawPath);
    }
    writeLock.lock();
    try {
      if (method == HttpMethod.PATCH) {
        return patch(request, rawPath);
      }
      return crud.dispatch(request);
    } finally {
      writeLock.unlock();
    }
  }

  // ---------------------------------------------------------------- discovery

  private Optional<MockResponse> discoveryOrHealth(String rawPath, RecordedRequest request) {
    switch (rawPath) {
      case "/healthz", "/livez", "/readyz" -> {
        return Optional.of(
            new MockResponse()
                .setResponseCode(200)
                .setHeader(CONTENT_TYPE, "text/plain")
                .setBody("ok"));
      }
      case "/version" -> {
        return Optional.of(json(200, version));
      }
      case "/", "" -> {
        return Optional.of(json(200, rootPaths()));
      }
      case "/api" -> {
        String host = Optional.ofNullable(request.getHeader("Host")).orElse("127.0.0.1");
        return Optional.of(json(200, discovery().coreVersions(host)));
      }
      case "/apis" -> {
        return Optional.of(json(200, discovery().groups()));
      }
      case "/api/v1" -> {
        return Optional.of(json(200, discovery().resources("", "v1").orElseThrow()));
      }
      default -> {
        // handled below
      }
    }
    if (rawPath.startsWith("/openapi/")) {
      return Optional.of(status(404, "NotFound", "OpenAPI is not served by the local API server"));
    }
    String[] segments = rawPath.substring(1).split("/");
    if (segments.length == 2 && segments[0].equals("apis")) {
      return Optional.of(
          discovery()
              .group(segments[1])
              .map(g -> json(200, g))
              .orElseGet(() -> status(404, "NotFound", "no API group " + segments[1])));
    }
    if (segments.length == 3 && segments[0].equals("apis")) {
      return Optional.of(
          discovery()
              .resources(segments[1], segments[2])
              .map(l -> json(200, l))
              .orElseGet(
                  () ->
                      status(
                          404,
                          "NotFound",
                          "no API group version " + segments[1] + "/" + segments[2])));
    }
    return Optional.empty();
  }

  private ApiDiscovery discovery() {
    return ApiDiscovery.of(crds());
  }

  private List<CustomResourceDefinition> crds() {
    MockResponse crds = crud.handleGet(CRD_PATH);
    List<CustomResourceDefinition> items = List.of();
    if (crds.code() == 200 && crds.getBody() != null) {
      String body = new String(crds.getBody().getBytes(), StandardCharsets.UTF_8);
      CustomResourceDefinitionList list =
          Serialization.unmarshal(body, CustomResourceDefinitionList.class);
      if (list != null && list.getItems() != null) {
        items = list.getItems();
      }
    }
    return items;
  }

  private static ObjectNode rootPaths() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode paths = root.putArray("paths");
    List.of("/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version")
        .forEach(paths::add);
    return root;
  }

  // ---------------------------------------------------------------- tables

  /**
   * A custom resource (list) as the Table kubectl asks for, with the CRD's printer columns; other
   * kinds are answered as they are (kubectl then prints names and ages itself).
   */
  private MockResponse asTable(String rawPath, MockResponse response) {
    Matcher m = CUSTOM_RESOURCE_PATH.matcher(rawPath);
    if (!m.matches()) {
      return response;
    }
    String group = m.group(1);
    String version = m.group(2);
    String plural = m.group(4);
    Optional<TablePrinter> printer =
        crds().stream()
            .filter(
                crd ->
                    crd.getSpec() != null
                        && group.equals(crd.getSpec().getGroup())
                        && crd.getSpec().getNames() != null
                        && plural.equals(crd.getSpec().getNames().getPlural()))
            .findFirst()
            .flatMap(crd -> TablePrinter.forCrd(crd, version, Clock.systemUTC()));
    if (printer.isEmpty()) {
      return response;
    }
    try {
      JsonNode body = mapper.readTree(response.getBody().getBytes());
      return new MockResponse()
          .setResponseCode(200)
          .setHeader(CONTENT_TYPE, JSON)
          .setBody(printer.get().print(body).toString());
    } catch (IOException e) {
      return response;
    }
  }

  // ---------------------------------------------------------------- patches

  private MockResponse patch(RecordedRequest request, String rawPath) {
    String contentType = contentType(request);
    if (contentType.startsWith("application/merge-patch+json")) {
      return mergePatch(request, rawPath);
    }
    if (contentType.startsWith("application/apply-patch")) {
      return status(
          415,
          "UnsupportedMediaType",
          "server-side apply is not supported by the local API server (fabric8 CRUD mock);"
              + " use a JSON merge patch, a JSON patch or an update");
    }
    if (contentType.startsWith("application/strategic-merge-patch+json")) {
      if (isPlainObjectPatch(request)) {
        // without arrays and $-directives a strategic merge patch means the same as RFC 7386
        return mergePatch(request, rawPath);
      }
      return status(
          415,
          "UnsupportedMediaType",
          "strategic merge patch with lists or directives is not supported by the local API server"
              + " (fabric8 CRUD mock); use a JSON merge patch or a JSON patch");
    }
    return crud.dispatch(request);
  }

  /** RFC 7386 merge patch, applied here and handed to the mock as an equivalent JSON Patch. */
  private MockResponse mergePatch(RecordedRequest request, String rawPath) {
    String objectPath =
        rawPath.endsWith("/status") ? rawPath.substring(0, rawPath.length() - 7) : rawPath;
    MockResponse current = crud.handleGet(objectPath);
    if (current.code() != 200 || current.getBody() == null || current.getBody().size() == 0) {
      return status(404, "NotFound", "not found: " + objectPath);
    }
    JsonNode stored;
    JsonNode patch;
    try {
      stored = mapper.readTree(current.getBody().getBytes());
      patch = mapper.readTree(request.getBody().getBytes());
    } catch (IOException e) {
      return status(400, "BadRequest", "invalid JSON merge patch: " + e.getMessage());
    }
    if (!stored.isObject() || stored.has("items")) {
      return status(404, "NotFound", "not found: " + objectPath);
    }
    if (patch == null || !patch.isObject()) {
      return status(422, "Invalid", "a JSON merge patch of an object must be a JSON object");
    }
    JsonNode merged = JsonMergePatch.apply(stored, patch);
    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    for (Iterator<String> it = merged.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      ops.addObject()
          .put("op", "add")
          .put("path", "/" + escape(field))
          .set("value", merged.get(field));
    }
    for (Iterator<String> it = stored.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!merged.has(field)) {
        ops.addObject().put("op", "remove").put("path", "/" + escape(field));
      }
    }
    Headers headers =
        request
            .getHeaders()
            .newBuilder()
            .removeAll(CONTENT_TYPE)
            .add(CONTENT_TYPE, JSON_PATCH)
            .build();
    RecordedRequest translated =
        new RecordedRequest(
            request.getHttpVersion(),
            HttpMethod.PATCH,
            request.getPath(),
            headers,
            new Buffer(ops.toString().getBytes(StandardCharsets.UTF_8)));
    return crud.dispatch(translated);
  }

  /** Whether the body is a JSON object with no arrays and no {@code $}-directive anywhere. */
  private boolean isPlainObjectPatch(RecordedRequest request) {
    try {
      JsonNode patch = mapper.readTree(request.getBody().getBytes());
      return patch != null && patch.isObject() && isPlain(patch);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isPlain(JsonNode node) {
    if (node.isArray()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      if (member.getKey().startsWith("$") || !isPlain(member.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** JSON Pointer escaping (RFC 6901). */
  private static String escape(String field) {
    return field.replace("~", "~0").replace("/", "~1");
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The in-memory API server has no authentication or authorization: every request is allowed.
   * Self-reviews say so truthfully (JOSDK's leader election checks its Lease permissions with a
   * SelfSubjectRulesReview before it campaigns); they are answered, never stored.
   */
  private MockResponse accessReview(RecordedRequest request, String rawPath) {
    String resource = rawPath.substring(AUTHORIZATION_PATH.length());
    ObjectNode review;
    try {
      review = (ObjectNode) mapper.readTree(request.getBody().readUtf8());
    } catch (IOException | ClassCastException e) {
      return status(400, "BadRequest", "the review is not a JSON object: " + e.getMessage());
    }
    ObjectNode status = review.putObject("status");
    switch (resource) {
      case "selfsubjectrulesreviews" -> {
        ObjectNode rule = status.putArray("resourceRules").addObject();
        rule.putArray("verbs").add("*");
        rule.putArray("apiGroups").add("*");
        rule.putArray("resources").add("*");
        ObjectNode nonResource = status.putArray("nonResourceRules").addObject();
        nonResource.putArray("verbs").add("*");
        nonResource.putArray("nonResourceURLs").add("*");
        status.put("incomplete", false);
      }
      case "selfsubjectaccessreviews", "subjectaccessreviews", "localsubjectaccessreviews" -> {
        status.put("allowed", true);
        status.put("reason", "the local API server allows every request");
      }
      default -> {
        return status(404, "NotFound", "no authorization resource " + resource);
      }
    }
    return json(201, review);
  }

  private static String contentType(RecordedRequest request) {
    return Optional.ofNullable(request.getHeader(CONTENT_TYPE)).orElse("").toLowerCase(Locale.ROOT);
  }

  private static String stripQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private MockResponse json(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader(CONTENT_TYPE, JSON)
        .setBody(Serialization.asJson(body));
  }

  private MockResponse status(int code, String reason, String message) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .build();
    return json(code, status);
  }

  private static MockResponse withJsonContentType(MockResponse response) {
    if (response != null
        && response.getWebSocketListener() == null
        && response.getBody() != null
        && response.getBody().size() > 0
        && response.header(CONTENT_TYPE) == null) {
      response.setHeader(CONTENT_TYPE, JSON);
    }
    return response;
  }

  private void drainRequestLog() {
    try {
      server.takeRequest(0, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
