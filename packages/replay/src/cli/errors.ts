export { UsageError } from '@tracedb/native';
