package io.logwarden.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * How request bodies are read: types and names are taken literally, so {"log_file":123},
 * {"window_size":"10"} or {"window":10} are 400s, not guesses. The REST binding registers it on the mapper it reads bodies with
 * (camel.rest.data-format-property in application.yaml), never on the shared one that writes answers.
 */
public class StrictJson extends SimpleModule {

    public StrictJson() {
        super("logwarden-strict-json");
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        configure((ObjectMapper) context.getOwner());
    }

    @SuppressWarnings("deprecation") // ObjectMapper.disable(MapperFeature): the only way on an existing mapper
    static ObjectMapper configure(ObjectMapper json) {
        json.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // {"log_file":"a"} xyz is not one JSON value: refused, not read up to the first value's end
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // a field the request does not know is refused: a black-box tester's {"coment":...} was stored
                // without its comment and {"window":10} started a file with the default window, both answered 2xx
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        json.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        json.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        json.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        json.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return json;
    }
}
