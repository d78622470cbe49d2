using System.CommandLine;
using Helix.Cli.Csv;
using Helix.Cli.Offline;
using Helix.Core.Collect;
using Helix.Core.Commerce;
using Helix.Engine.Ingestion;
using Spectre.Console;

namespace Helix.Cli.Commands;

/// <summary>
/// <c>helix import orders LINES.csv</c>: imports order lines (one row per line item), with optional
/// product, store and guide tables, as <c>Order Completed</c> / <c>Order Refunded</c> events
/// (<see cref="OrderConverter"/>) through the same path as <c>helix import events</c>. See docs/commerce.md.
/// </summary>
internal static class ImportOrdersCommand
{
    /// <summary>
    /// One order is one event, so a big order cannot be split to fit Segment's 32 KB per message; the
    /// log takes records up to 1 MB. 256 KB holds an order of about 2,000 lines.
    /// </summary>
    public const int MaxOrderBytes = 256 * 1024;

    private sealed record Files(CsvTable Lines, CsvTable? Products, CsvTable? Stores, CsvTable? Guides) : IDisposable
    {
        public string NameOf(OrderTable table) => (table switch
        {
            OrderTable.Products => Products,
            OrderTable.Stores => Stores,
            OrderTable.Guides => Guides,
            _ => Lines,
        })!.Name;

        public void Dispose()
        {
            Lines.Dispose();
            Products?.Dispose();
            Stores?.Dispose();
            Guides?.Dispose();
        }
    }

    private sealed record Summary(OrderConversion Conversion, long Orders, long Refunds, long RejectedRows, long RejectedOrders, long ReferenceErrors);

    public static Command Create()
    {
        var lines = new Argument<FileInfo>("lines") { Description = "A CSV file of order lines: one row per line item, with a header row." };
        var products = new Option<FileInfo?>("--products") { Description = "A CSV file of products (product_id or sku, name, category, brand, price_band)." };
        var stores = new Option<FileInfo?>("--stores") { Description = "A CSV file of stores (store_id, name, city)." };
        var guides = new Option<FileInfo?>("--guides") { Description = "A CSV file of guides (guide_id, name, store_id)." };
        var columns = new Option<string[]>("--column")
        {
            Description = "Maps a template column to the file's header, e.g. order_id=InvoiceNo or products.category=Cat (repeatable).",
            DefaultValueFactory = _ => [],
        };
        var refundPrefix = new Option<string?>("--refund-prefix") { Description = "An order id prefix that marks a refund, e.g. C." };
        var refundStatuses = new Option<string?>("--refund-statuses")
        {
            Description = "Comma-separated status values that mark a refund (default: refunded,refund,returned,return,cancelled,canceled).",
        };
        var priceBands = new Option<string?>("--price-bands") { Description = "Unit-price thresholds of the price bands, e.g. 5,20,100 (budget, standard, premium, luxury)." };
        var bandNames = new Option<string?>("--price-band-names") { Description = "Names of the price bands, one more than the thresholds." };
        var timeZone = new Option<TimeZoneInfo>("--time-zone")
        {
            Description = "The time zone of order times without an offset: an IANA id (Europe/London), UTC or +08:00.",
            DefaultValueFactory = _ => OrderImportOptions.DefaultTimeZone,
            CustomParser = result =>
            {
                var text = result.Tokens[^1].Value;
                if (OrderTimes.FindZone(text) is { } zone)
                {
                    return zone;
                }

                result.AddError($"--time-zone: '{text}' is neither a known time zone nor an offset like +08:00.");
                return OrderImportOptions.DefaultTimeZone;
            },
        };
        var timeFormat = new Option<string?>("--time-format") { Description = "A .NET date format for order times, e.g. \"dd/MM/yyyy HH:mm\" (default: yyyy-MM-dd HH:mm:ss and ISO 8601)." };
        var currency = new Option<string?>("--currency") { Description = "The currency of orders whose lines name none, e.g. GBP." };
        var guests = new Option<string>("--guest-orders")
        {
            Description = "Orders with no buyer: skip them (default), or import each as an anonymous person.",
            DefaultValueFactory = _ => "skip",
        };
        guests.AcceptOnlyFromAmong("skip", "anonymous");
        var data = CommonOptions.Data();
        var writeKey = CommonOptions.WriteKey();
        var rejected = CommonOptions.Rejected("LINES.rejected.jsonl");
        var command = new Command("orders", "Imports orders with line items (and products, stores, guides) from CSV files.")
        {
            lines, products, stores, guides, columns, refundPrefix, refundStatuses, priceBands, bandNames, timeZone, timeFormat, currency, guests,
            data, writeKey, rejected,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var columnMap = OrderColumns.Parse(parse.GetValue(columns)!, out var columnErrors);
            var problems = columnErrors.ToList();
            string? bandError = null;
            var bands = parse.GetValue(priceBands) is { } thresholds ? PriceBands.Parse(thresholds, parse.GetValue(bandNames), out bandError) : null;
            if (bandError is not null)
            {
                problems.Add("--price-bands: " + bandError);
            }

            var options = new OrderImportOptions
            {
                IdScope = "",
                Columns = columnMap,
                RefundPrefix = parse.GetValue(refundPrefix),
                RefundStatuses = parse.GetValue(refundStatuses) is { } statuses
                    ? new HashSet<string>(statuses.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase)
                    : OrderImportOptions.DefaultRefundStatuses,
                PriceBands = bands,
                Times = new OrderTimes(parse.GetValue(timeZone)!, parse.GetValue(timeFormat)),
                GuestOrders = parse.GetValue(guests) == "anonymous" ? GuestOrders.Anonymous : GuestOrders.Skip,
                Currency = parse.GetValue(currency),
            };
            return RunAsync(
                [parse.GetValue(lines)!, parse.GetValue(products), parse.GetValue(stores), parse.GetValue(guides)],
                options, problems, parse.GetValue(data)!, parse.GetValue(writeKey), parse.GetValue(rejected), cancellationToken);
        });
        return command;
    }

    /// <param name="files">The lines file, then the products, stores and guides files (each may be null).</param>
    /// <param name="problems">Option errors found while parsing; any of them stops the command before it touches the data directory.</param>
    private static async Task<int> RunAsync(
        FileInfo?[] files, OrderImportOptions options, List<string> problems, string data, string? writeKey, FileInfo? rejectedFile, CancellationToken cancellationToken)
    {
        using var tables = OpenAll(files, options.Columns, problems);
        if (tables is null || problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
            }

            return 2;
        }

        Summary? summary = null;
        await using var rejected = new RejectedFile(rejectedFile?.FullName ?? Path.ChangeExtension(files[0]!.FullName, ".rejected.jsonl"));
        var result = await OfflineImport.RunAsync(data, writeKey, async (session, cancellationToken) =>
        {
            summary = await ImportAsync(session, tables, options with { IdScope = session.Source.Id.Value }, rejected, cancellationToken);
        }, cancellationToken);
        if (summary is null)
        {
            return result.ExitCode;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "lines", "orders", "refunds", "rejected lines", "guest orders skipped", "already imported" })
        {
            table.AddColumn(column);
        }

        var conversion = summary.Conversion;
        table.AddRow(
            $"{conversion.Lines:N0}", $"{summary.Orders:N0}", $"{summary.Refunds:N0}", $"{summary.RejectedRows:N0} ({summary.RejectedOrders:N0} orders)",
            $"{conversion.GuestOrdersSkipped:N0}", $"{result.DuplicatesDropped:N0}");
        AnsiConsole.Write(table);
        if (conversion.UnknownProductLines > 0)
        {
            AnsiConsole.MarkupLine(Markup.Escape(
                $"{conversion.UnknownProductLines:N0} lines name a product the product table lacks (imported with what the line says), e.g. {string.Join(", ", conversion.UnknownProducts)}"));
        }

        if (rejected.Written > 0)
        {
            AnsiConsole.MarkupLine($"Rejected rows and their reasons: [bold]{Markup.Escape(rejected.Path)}[/]"
                + (summary.ReferenceErrors > 0 ? $" ({summary.ReferenceErrors:N0} of them from the reference tables)" : ""));
        }

        return result.ExitCode;
    }

    private static Files? OpenAll(FileInfo?[] files, OrderColumns columns, List<string> problems)
    {
        var opened = new CsvTable?[files.Length];
        for (var i = 0; i < files.Length; i++)
        {
            if (files[i] is not { } file)
            {
                continue;
            }

            if (!file.Exists)
            {
                problems.Add($"No such file: {file.FullName}");
                continue;
            }

            try
            {
                opened[i] = CsvTable.Open(file.FullName);
                problems.AddRange(columns.CheckHeaders((OrderTable)i, opened[i]!.Headers).Select(p => $"{file.Name}: {p}"));
            }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
            }
        }

        if (opened[0] is null)
        {
            foreach (var table in opened)
            {
                table?.Dispose();
            }

            return null;
        }

        return new Files(opened[0]!, opened[1], opened[2], opened[3]);
    }

    private static async Task<Summary> ImportAsync(OfflineImport.Session session, Files files, OrderImportOptions options, RejectedFile rejected, CancellationToken cancellationToken)
    {
        var references = OrderReferences.Build(options.Columns, files.Products?.Rows(), files.Stores?.Rows(), files.Guides?.Rows(), out var referenceErrors);
        foreach (var error in referenceErrors)
        {
            rejected.Write(new { file = files.NameOf(error.Table), row = error.Row, errors = new[] { new { column = error.Column, reason = error.Reason } } });
        }

        var reading = session.Progress.AddTask($"Reading {files.Lines.Name}", maxValue: Math.Max(files.Lines.Length, 1));
        var conversion = OrderConverter.Convert(WithProgress(files.Lines, reading), references, options);
        reading.Value = reading.MaxValue;

        long rejectedRows = 0, rejectedOrders = 0;
        foreach (var order in conversion.Rejected)
        {
            rejectedOrders++;
            rejectedRows += WriteRejected(rejected, files.Lines.Name, order.OrderId, order.Rows, order.Errors.Select(e => (e.Row, e.Column, e.Reason)).ToList());
        }

        var importing = session.Progress.AddTask("Importing orders", maxValue: Math.Max(conversion.Orders.Count, 1));
        using var import = new ImportWriter(session.Helix.Writer, CollectEnvelope.For(session.Source, TimeProvider.System.GetUtcNow()), TimeProvider.System)
        {
            MaxMessageBytes = MaxOrderBytes,
        };
        long orders = 0, refunds = 0;
        var rejectedAfterParse = new HashSet<IReadOnlyList<long>>(ReferenceEqualityComparer.Instance);
        foreach (var order in conversion.Orders)
        {
            var errors = await import.AddAsync(order.Message.ToJsonString(), cancellationToken);
            if (errors.Count > 0)
            {
                // A refund split from its order shares its rows: report them once.
                if (rejectedAfterParse.Add(order.Rows))
                {
                    rejectedOrders++;
                    rejectedRows += WriteRejected(rejected, files.Lines.Name, order.OrderId, order.Rows, errors.Select(e => (order.Rows[0], e.Field, e.Reason)).ToList());
                }
            }
            else if (order.Kind == OrderKind.Completed)
            {
                orders++;
            }
            else
            {
                refunds++;
            }

            importing.Increment(1);
        }

        await import.FlushAsync(cancellationToken);
        importing.Value = importing.MaxValue;
        return new Summary(conversion, orders, refunds, rejectedRows, rejectedOrders, referenceErrors.Count);
    }

    /// <summary>Writes every row of a rejected order: its own errors, or a pointer to the rows that sank the order.</summary>
    private static long WriteRejected(RejectedFile rejected, string file, string? orderId, IReadOnlyList<long> rows, List<(long Row, string Column, string Reason)> errors)
    {
        var badRows = string.Join(", ", errors.Select(e => e.Row).Distinct());
        foreach (var row in rows)
        {
            var own = errors.Where(e => e.Row == row).Select(e => new { column = e.Column, reason = e.Reason }).ToList();
            rejected.Write(new
            {
                file,
                row,
                order_id = orderId,
                errors = own.Count > 0 ? own : [new { column = "*", reason = $"order {orderId} is rejected as a whole because of row {badRows}" }],
            });
        }

        return rows.Count;
    }

    private static IEnumerable<ImportRow> WithProgress(CsvTable table, ProgressTask task)
    {
        foreach (var row in table.Rows())
        {
            if (row.Number % 1_000 == 0)
            {
                task.Value = table.Position;
            }

            yield return row;
        }
    }
}
