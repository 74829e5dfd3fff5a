package dev.fieldops.test;

import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A port whose every call is run through command decorators, for tests that call an adapter
 * directly: repositories only join a transaction that their caller opened, so a contract suite
 * drives a PostgreSQL repository through {@code EachCall.decorated(TicketRepository.class, tickets,
 * transactionDecorator)}, each call then being one command of its own, as in production.
 */
public final class EachCall {

  private EachCall() {}

  /** {@code target} seen as {@code port}, each call of a port method wrapped in {@code around}. */
  public static <T> T decorated(Class<T> port, T target, CommandDecorator around) {
    return decorated(port, target, around, method -> true);
  }

  /**
   * {@code target} seen as {@code port}, each call of a method {@code which} accepts wrapped in
   * {@code around}, the others passed through as they are: for a port whose contract says some
   * methods run only inside the caller's transaction, so that the suite can still prove they refuse
   * to run outside one.
   */
  public static <T> T decorated(
      Class<T> port, T target, CommandDecorator around, Predicate<Method> which) {
    Objects.requireNonNull(which, "which");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(around, "around");
    if (!port.isInterface()) {
      throw new IllegalArgumentException(port + " is not an interface");
    }
    return port.cast(
        Proxy.newProxyInstance(
            port.getClassLoader(),
            new Class<?>[] {port},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args, target);
              }
              CommandHandler<Object[], Object> call =
                  arguments -> invoke(method, target, arguments);
              return which.test(method) ? around.decorate(call).handle(args) : call.handle(args);
            }));
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args, Object target) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "EachCall[" + target + "]";
    };
  }

  private static Object invoke(Method method, Object target, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new UndeclaredThrowableException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + method, e);
    }
  }
}
