/**
 * Devices: the sensors a customer has on site. A device is registered to exactly one customer and
 * may be decommissioned; its readings are accepted only while it is active. Its deadband decides
 * how far the temperature must move before the context reports a change, so that downstream
 * consumers hear about what matters instead of every reading.
 */
package dev.fieldops.telemetry.domain.device;
