package com.certyneo.slack.admin;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Objects;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

import com.certyneo.slack.event.EventType;

/** Every name of the list is an {@link EventType} wire name; the violation lists the unknown ones (at most 10). */
@Constraint(validatedBy = EventNames.Check.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface EventNames {

    String message() default "has unknown event type(s): {unknown}. Known: {known}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<EventNames, List<String>> {

        private static final int SHOWN = 10;

        @Override
        public boolean isValid(List<String> names, ConstraintValidatorContext context) {
            // null items are reported, by position, by the list's element constraint
            if (names == null || names.stream().anyMatch(Objects::isNull)) {
                return true;
            }
            List<String> unknown = names.stream().filter(name -> !EventType.isKnown(name))
                    .map(name -> name.length() > 60 ? name.substring(0, 60) + "…" : name).distinct().toList();
            if (unknown.isEmpty()) {
                return true;
            }
            String shown = String.join(", ", unknown.subList(0, Math.min(SHOWN, unknown.size())))
                    + (unknown.size() > SHOWN ? " and " + (unknown.size() - SHOWN) + " more" : "");
            // the names are the caller's: escaped, so that the interpolator reads no {parameter} or ${expression} in
            // them (it parses the message again once parameters are in) and shows them as they were sent
            context.unwrap(HibernateConstraintValidatorContext.class)
                    .addMessageParameter("unknown", shown.replaceAll("([\\\\{}$])", "\\\\$1"))
                    .addMessageParameter("known", String.join(", ", EventType.wireNames()));
            return false;
        }
    }
}
