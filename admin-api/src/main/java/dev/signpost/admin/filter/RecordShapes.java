package dev.signpost.admin.filter;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signpost.admin.filter.FieldType.ListOf;
import dev.signpost.admin.filter.FieldType.MapOf;
import dev.signpost.admin.filter.FieldType.Scalar;
import dev.signpost.admin.filter.FieldType.ScalarKind;
import dev.signpost.admin.filter.FieldType.Struct;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link FieldType} off a Jackson DTO record, so the selectors a filter may use are the names the
 * endpoint's JSON has, declared once (Consul's selectors are its Go field names, which its JSON also uses).
 */
final class RecordShapes {

  private static final Set<Class<?>> INTEGERS = Set.of(int.class, Integer.class, long.class, Long.class,
      short.class, Short.class);

  private RecordShapes() {}

  static FieldType of(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    Map<String, FieldType> fields = new LinkedHashMap<>();
    for (RecordComponent component : type.getRecordComponents()) {
      // @JsonProperty does not target record components: Java puts it on the accessor (and field, parameter).
      JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
      String name = property != null && !property.value().isEmpty() ? property.value() : component.getName();
      fields.put(name, of(component.getGenericType(), type.getName() + "." + component.getName()));
    }
    return new Struct(fields);
  }

  private static FieldType of(Type type, String where) {
    if (type instanceof Class<?> plain) {
      if (plain == String.class) {
        return new Scalar(ScalarKind.STRING);
      }
      if (INTEGERS.contains(plain)) {
        return new Scalar(ScalarKind.INTEGER);
      }
      if (plain == boolean.class || plain == Boolean.class) {
        return new Scalar(ScalarKind.BOOLEAN);
      }
      if (plain.isRecord()) {
        return of(plain);
      }
    }
    if (type instanceof ParameterizedType generic) {
      Type[] arguments = generic.getActualTypeArguments();
      if (generic.getRawType() == List.class) {
        return new ListOf(of(arguments[0], where));
      }
      if (generic.getRawType() == Map.class && arguments[0] == String.class) {
        return new MapOf(of(arguments[1], where));
      }
    }
    throw new IllegalArgumentException(where + " has type " + type.getTypeName() + ", which a filter cannot read");
  }
}
